import '../lib/theme.css';
import { registerServiceWorker } from '../lib/boot.js';
import './expo-app.js';

registerServiceWorker();
