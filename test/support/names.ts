// Naming rules shared by tests: handler value -> variant schema name.
export const pascal = (value: string) =>
  value
    .split(/[_-]/)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');

/** "relay-create" + "video_room" -> "RelayCreateVideoRoom". */
export const variantSchema = (fixtureFile: string, handler: string) => pascal(fixtureFile) + pascal(handler);
