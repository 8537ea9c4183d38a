/** English messages of the records screens (owned by that feature; zh/records.ts has the same keys). */
export default {
  title: 'Records',
};
