import { mount } from 'svelte';
import '@xyflow/svelte/dist/style.css';
import './lib/theme.css';
import App from './App.svelte';
import { theme } from './lib/theme/theme.svelte';

// Before the first paint (it sets <html data-theme>), so a dark window never flashes light.
theme();

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
export default mount(App, { target });
