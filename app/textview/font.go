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
)

// faceID names one of the faces the view measures and draws with.
type faceID uint8

const (
	faceArabic faceID = iota // the Arabic face of SetFonts
	faceLatin                // Fyne's bundled default text font
	faceEmoji                // Fyne's bundled emoji font, when present
	faceNone                 // no bundled face has the character
	numFaces   = faceNone
)

// Fonts are the faces of Arabic script the views and labels measure and
// draw with, as font files (TrueType or OpenType). Text the Arabic face
// lacks falls back to Fyne's bundled Latin face, then to its emoji face.
type Fonts struct {
	Regular, Bold fyne.Resource
}

// SetFonts sets the Arabic faces of every view and label in the process.
// Call it before the first view or label is shown: text laid out earlier
// keeps the faces it was shaped with. Without it, views draw with Fyne's
// bundled faces only, which have no Arabic letters. Setting the fonts in
// use again changes nothing.
func SetFonts(f Fonts) {
	fontMu.Lock()
	defer fontMu.Unlock()
	if f == chosen {
		return
	}
	chosen = f
	fonts = [2]*fontSet{}
}

// fontSet holds the parsed faces and their resources. It is built once for
// the fonts set: parsing a face costs about a millisecond.
type fontSet struct {
	res   [numFaces]fyne.Resource
	faces [numFaces]*font.Face
}

var (
	fontMu sync.Mutex
	chosen Fonts
	fonts  [2]*fontSet // regular, bold
)

// loadFonts returns the regular faces.
func loadFonts() *fontSet { return loadStyle(false) }

// loadStyle returns the bold faces, or the regular ones. Emoji have no bold
// face and keep the regular one.
func loadStyle(bold bool) *fontSet {
	fontMu.Lock()
	defer fontMu.Unlock()
	if fonts[0] == nil {
		fonts[0] = parseFaces(chosen.Regular, theme.DefaultTextFont(), theme.DefaultEmojiFont(), nil)
	}
	if !bold {
		return fonts[0]
	}
	if fonts[1] == nil {
		fonts[1] = parseFaces(chosen.Bold, theme.DefaultTextBoldFont(), fonts[0].res[faceEmoji], fonts[0].faces[faceEmoji])
	}
	return fonts[1]
}

// parseFaces builds a fontSet of the Arabic, Latin and emoji resources
// given (any may be nil); emojiFace, when not nil, is the emoji face
// already parsed.
func parseFaces(arabic, latin, emoji fyne.Resource, emojiFace *font.Face) *fontSet {
	fs := &fontSet{}
	fs.res[faceArabic], fs.res[faceLatin], fs.res[faceEmoji] = arabic, latin, emoji
	fs.faces[faceEmoji] = emojiFace
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
	return fs
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
