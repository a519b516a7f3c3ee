// A check run before stb_image sees a JPEG: stb_image 2.27 (Debian's
// libstb-dev) writes past its Huffman tables when a DHT segment declares
// more than 256 codes (found by tests/fuzz/fuzz_image). This walks the
// markers the way stb_image does and refuses such a file first.
#pragma once

#include <cstddef>
#include <cstdint>

namespace barnlab {

// Throws Error("... a Huffman table of the JPEG is corrupt ...") when any
// DHT segment stb_image could reach declares more than 256 codes. Other
// inputs (not JPEG, or damaged otherwise) pass: stb_image rejects those.
void check_jpeg_huffman_tables(const uint8_t* bytes, size_t size);

}  // namespace barnlab
