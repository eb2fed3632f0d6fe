import '../lib/theme.css';
import { registerServiceWorker } from '../lib/boot.js';
import './customer-app.js';

registerServiceWorker();
