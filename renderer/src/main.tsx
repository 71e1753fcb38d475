// The page's first module, kept tiny so that it runs as soon as the page does: it starts loading
// the code of the screen the route opens on in parallel with the app's own code (React, the shell),
// instead of after it.
import '@xyflow/react/dist/style.css';
import './styles.css';
import { parseRoute } from './app/route.ts';
import { preloadScreen } from './app/screens.ts';

preloadScreen(parseRoute(window.location.hash));
void import('./app/boot.tsx');
