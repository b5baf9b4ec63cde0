#pragma once
// A 5×7 pixel font (the project's own glyphs) for labels in PNG figures written without a graphics
// library: digits, lower-case letters (upper case is drawn lower case) and - / { } , : ( ) . = + %.
// Any other character draws as an empty box, so a missing glyph is visible, never silently dropped.
#include <cstdint>
#include <string>
#include <vector>

namespace rbmdyn {

inline constexpr int kGlyphWidth = 5;
inline constexpr int kGlyphHeight = 7;
inline constexpr int kGlyphAdvance = kGlyphWidth + 1;  // one pixel between characters

// Width in pixels of `text` drawn at `scale` (0 for empty text).
int text_width(const std::string& text, int scale = 1);

// Draws `text` with its top-left corner at (x, y) into a width × height greyscale image, setting the
// glyph pixels to `ink`; pixels outside the image are skipped.
void draw_text(std::vector<uint8_t>& pixels, int width, int height, int x, int y, const std::string& text,
               uint8_t ink = 0, int scale = 1);

}  // namespace rbmdyn
