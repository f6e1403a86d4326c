import '../ui/theme.css';
import { mountPage } from '../ui/mount.tsx';
import { InspectPage } from './inspect.tsx';

mountPage(() => <InspectPage search={location.search} />, 'inspect_title');
