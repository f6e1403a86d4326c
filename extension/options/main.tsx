import '../ui/theme.css';
import { mountPage } from '../ui/mount.tsx';
import { OptionsPage } from './options.tsx';

mountPage(OptionsPage, 'options_title');
