// The session's image store: room taken once for a known number of images
// (the browser streams thousands in batches), so adding them never grows
// the pixel buffer by copying it.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "app/session.h"
#include "core/error.h"

using namespace barnlab;

namespace {
void add_grey(Session& s, int n) {
  const std::vector<uint8_t> px(40 * 30 * 3, 128);
  for (int i = 0; i < n; ++i) s.add_image(px.data(), 40, 30, 3, i % 2);
}
}  // namespace

TEST_CASE("the session reserves room for the images it is about to get", "[session]") {
  Session s;
  s.set_image_format(16, 3);
  s.reserve_images(37);
  CHECK(s.image_capacity() == 37);
  add_grey(s, 37);
  // Exactly the room asked for: the buffer was never regrown (growth would
  // have left room to spare, as a vector doubles).
  CHECK(s.image_count() == 37);
  CHECK(s.image_capacity() == 37);
  // Reserving less than held keeps every image; more makes room for the rest.
  s.reserve_images(5);
  CHECK(s.image_count() == 37);
  s.reserve_images(50);
  CHECK(s.image_capacity() == 50);
  CHECK(s.image_count() == 37);
  // A new format clears the images and the room.
  s.set_image_format(16, 1);
  CHECK(s.image_count() == 0);
  CHECK_THROWS_WITH(s.reserve_images(-1), Catch::Contains("must not be negative"));
}

TEST_CASE("without a reservation the image buffer grows with room to spare", "[session]") {
  // The behaviour reserve_images avoids: adding one at a time regrows the buffer.
  Session s;
  s.set_image_format(16, 3);
  add_grey(s, 37);
  CHECK(s.image_capacity() > 37);
}
