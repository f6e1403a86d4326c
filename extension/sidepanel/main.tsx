import '../ui/theme.css';
import { mountPage } from '../ui/mount.tsx';
import { SidePanel } from './sidepanel.tsx';

mountPage(() => <SidePanel search={location.search} />, 'sidepanel_title');
