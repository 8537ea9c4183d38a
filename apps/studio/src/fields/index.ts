/** The field widget registry with every kind registered; import this, not registry.ts, from screens. */
import './formats';

export * from './registry';
