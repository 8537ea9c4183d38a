/** English messages of the board screens (owned by that feature; zh/board.ts has the same keys). */
export default {
  title: 'Board',
};
