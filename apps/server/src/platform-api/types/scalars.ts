/** The platform schema's scalars are the data API's own (one JSON and one DateTime meaning across both endpoints). */
export { DateTimeScalar, JSONScalar } from '@funnelcraft/graphql-api';
