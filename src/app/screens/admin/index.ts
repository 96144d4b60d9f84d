/** The administration screens: their own chunk, loaded by AdminScreen when an admin opens one. */
export { Locations } from './Locations';
export { Users } from './Users';
