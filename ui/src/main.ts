import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { watchPhrases } from './lib/phrases';
import { markPlatform } from './lib/platform';
import { applyTextSize, loadTextSize } from './lib/textSize';

markPlatform();
applyTextSize(loadTextSize());
const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

const app = mount(App, { target });
watchPhrases(document.body);
export default app;
