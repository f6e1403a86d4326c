import '../ui/theme.css';
import { mountPage } from '../ui/mount.tsx';
import { RegisterPage } from './register.tsx';

mountPage(() => <RegisterPage search={location.search} />, 'register_title');
