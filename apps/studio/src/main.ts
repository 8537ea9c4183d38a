import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppI18n } from './i18n';
import { createAppRouter } from './router';
import './styles/main.css';

const app = createApp(App);
app.use(createPinia()); // before the router: its guard reads the session store
app.use(createAppI18n());
app.use(createAppRouter());
app.mount('#app');
