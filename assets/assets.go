// Package assets embeds the files Alama ships inside its binary: the Arabic
// font with its licence, the application icon and the original sample
// articles. (The default schema is Go code: annotate.DefaultSchema.)
package assets

import "embed"

// ArabicRegular is Noto Sans Arabic Regular (SIL Open Font License 1.1, see
// fonts/OFL.txt). It is the one face used to measure and draw Arabic text.
//
//go:embed fonts/NotoSansArabic-Regular.ttf
var ArabicRegular []byte

// ArabicBold is Noto Sans Arabic Bold, under the same licence.
//
//go:embed fonts/NotoSansArabic-Bold.ttf
var ArabicBold []byte

// FontLicence is the text of the licence the bundled fonts are under.
//
//go:embed fonts/OFL.txt
var FontLicence string

// Samples holds the sample articles seeded into a new default project, one
// UTF-8 text file each: the first line is the title, the rest the body.
//
//go:embed samples/*.txt
var Samples embed.FS

// Icon is the application icon, 512×512 PNG.
//
//go:embed icon.png
var Icon []byte
