package textview

import (
	"bytes"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"alama/assets"
)

// faceID names one of the faces the view measures and draws with.
type faceID uint8

const (
	faceArabic faceID = iota // bundled Noto Sans Arabic
	faceLatin                // Fyne's bundled default text font
	faceEmoji                // Fyne's bundled emoji font, when present
	faceNone                 // no bundled face has the character
	numFaces   = faceNone
)

// fontSet holds the parsed faces and their resources. It is built once per
// process: parsing a face costs about a millisecond.
type fontSet struct {
	res   [numFaces]fyne.Resource
	faces [numFaces]*font.Face
}

var (
	fontsOnce [2]sync.Once
	fonts     [2]fontSet // regular, bold
)

// arabicResource is the one resource value drawn Arabic text points at, so
// Fyne's font cache, keyed by resource, parses it once.
var arabicResource = fyne.NewStaticResource("NotoSansArabic-Regular.ttf", assets.ArabicRegular)

// arabicBoldResource is arabicResource's bold counterpart.
var arabicBoldResource = fyne.NewStaticResource("NotoSansArabic-Bold.ttf", assets.ArabicBold)

// loadFonts returns the regular faces.
func loadFonts() *fontSet { return loadStyle(false) }

// loadStyle returns the bold faces, or the regular ones. Emoji have no bold
// face and keep the regular one.
func loadStyle(bold bool) *fontSet {
	i := 0
	if bold {
		i = 1
	}
	fontsOnce[i].Do(func() {
		fs := &fonts[i]
		if bold {
			reg := loadStyle(false)
			fs.res[faceArabic] = arabicBoldResource
			fs.res[faceLatin] = theme.DefaultTextBoldFont()
			fs.res[faceEmoji], fs.faces[faceEmoji] = reg.res[faceEmoji], reg.faces[faceEmoji]
		} else {
			fs.res[faceArabic] = arabicResource
			fs.res[faceLatin] = theme.DefaultTextFont()
			fs.res[faceEmoji] = theme.DefaultEmojiFont()
		}
		for i, r := range fs.res {
			if r == nil || fs.faces[i] != nil {
				continue
			}
			f, err := font.ParseTTF(bytes.NewReader(r.Content()))
			if err != nil {
				fyne.LogError("textview: cannot parse font "+r.Name(), err)
				continue
			}
			fs.faces[i] = f
		}
	})
	return &fonts[i]
}

// faceFor returns the first face that has a glyph for r.
func (fs *fontSet) faceFor(r rune) faceID {
	for i, f := range fs.faces {
		if f == nil {
			continue
		}
		if _, ok := f.NominalGlyph(r); ok {
			return faceID(i)
		}
	}
	return faceNone
}

// single is a shaping.Fontmap with one face, the way Fyne's painter sees a
// canvas.Text whose FontSource is set.
type single struct{ face *font.Face }

func (s single) ResolveFace(rune) *font.Face { return s.face }

// metrics are the vertical metrics of one face at one size.
type metrics struct {
	ascent, height float32
}

func toFixed(f float32) fixed.Int26_6 { return fixed.Int26_6(f * 64) }

func fromFixed(i fixed.Int26_6) float32 { return float32(i) / 64 }

// faceMetrics measures a face the way Fyne does: the line bounds of a
// shaped space.
func faceMetrics(sh *shaping.HarfbuzzShaper, f *font.Face, size float32) metrics {
	out := sh.Shape(shaping.Input{
		Text: []rune{' '}, RunEnd: 1, Direction: di.DirectionLTR,
		Face: f, Size: toFixed(size),
	})
	return metrics{ascent: fromFixed(out.LineBounds.Ascent), height: fromFixed(out.LineBounds.LineThickness())}
}
