import '../ui/theme.css';
import { mountPage } from '../ui/mount.tsx';
import { Popup } from './popup.tsx';

mountPage(() => <Popup search={location.search} />, 'popup_title');
