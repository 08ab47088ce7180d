// The player bundle's entry (public/build/player.js), loaded by the shell page of GET /player/:id.
import { startPlayer } from './shell/start-player.ts';

performance.mark('player: bundle runs');
startPlayer(window);
