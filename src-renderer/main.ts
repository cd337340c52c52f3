import { mount } from 'svelte';
import '@xyflow/svelte/dist/style.css';
import './lib/theme.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
export default mount(App, { target });
