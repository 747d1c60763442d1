package io.stagedoor.queue.adapter.in.web;

/** Body of {@code PUT /admin/queues/{concertId}}: any of the settings; absent fields stay as they are. */
record TuneRoomRequest(Integer activeCapacity, Integer admissionsPerMinute, Integer sessionSeconds, Boolean paused) {
}
