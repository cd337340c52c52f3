/// <reference types="vite/client" />
declare const __LAYERLOOM_VERSION__: string;
