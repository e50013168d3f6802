package textview

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/shaping"
)

// shaped is one measured piece: its width and the box of each of its runes,
// relative to the piece's left edge.
type shaped struct {
	width  float32
	x0, x1 []float32
	// uniform is true when the painter would shape the piece as a single run
	// going the way rtl says.
	uniform bool
	rtl     bool
	text    string // the text measured
}

type shapeKey struct {
	text string
	face faceID
	bold bool
	size float32
}

// shaper measures pieces exactly as Fyne's painter will draw them: the
// piece alone, split by the same segmenter, each run shaped with the same
// face, runs placed left to right. One shaper serves the whole process; it
// caches pieces per size and style, since news text repeats its short
// words a lot and the article view and the labels of titles around it
// draw at different sizes. The faces, metrics and space of the layout in
// progress are those of its size and style.
type shaper struct {
	mu     sync.Mutex
	ready  bool // the harfbuzz font cache is sized
	fs     *fontSet
	bold   bool
	hb     shaping.HarfbuzzShaper
	seg    shaping.Segmenter
	size   float32
	cache  map[shapeKey]*shaped
	met    [numFaces]metrics
	space  float32 // advance of a space in the Arabic face
	hide   bool    // the layout in progress hides marks
	styles map[styleKey]*style
}

// styleKey names the faces of one style at one size.
type styleKey struct {
	size float32
	bold bool
}

// style holds the faces of one style with their metrics at one size.
type style struct {
	fs    *fontSet
	met   [numFaces]metrics
	space float32
}

var theShaper shaper

// maxCache bounds the number of cached pieces, maxStyles the number of
// sizes and styles whose metrics are kept.
const (
	maxCache  = 1 << 16
	maxStyles = 64
)

// begin locks the shaper for a layout at size, in bold or regular faces,
// and returns it.
func begin(size float32, bold bool) *shaper {
	s := &theShaper
	s.mu.Lock()
	if !s.ready {
		// The shaper keeps no font by default and would rebuild the
		// harfbuzz font of a face on every call.
		s.hb.SetFontCacheSize(2 * int(numFaces))
		s.ready = true
	}
	if s.cache == nil || len(s.cache) > maxCache {
		s.cache = make(map[shapeKey]*shaped, 1024)
	}
	if s.styles == nil || len(s.styles) > maxStyles {
		s.styles = make(map[styleKey]*style)
	}
	s.size, s.bold = size, bold
	st := s.styles[styleKey{size, bold}]
	if st == nil {
		st = &style{fs: loadStyle(bold)}
		s.styles[styleKey{size, bold}] = st
		s.fs = st.fs
		for i, f := range st.fs.faces {
			if f != nil {
				st.met[i] = faceMetrics(&s.hb, f, size)
			}
		}
		st.space = size / 4
		if st.fs.faces[faceArabic] != nil {
			st.space = s.measure([]rune{' '}, faceArabic).width
		}
	}
	s.fs, s.met, s.space = st.fs, st.met, st.space
	return s
}

func (s *shaper) end() { s.mu.Unlock() }

// measure shapes runes with face f.
func (s *shaper) measure(runes []rune, f faceID) *shaped {
	return s.measureText(runes, string(runes), f)
}

// measureText shapes runes, whose text is text, with face f.
func (s *shaper) measureText(runes []rune, text string, f faceID) *shaped {
	if m, ok := s.cache[shapeKey{text, f, s.bold, s.size}]; ok {
		return m
	}
	key := shapeKey{strings.Clone(text), f, s.bold, s.size}
	face := s.fs.faces[f]
	m := &shaped{x0: make([]float32, len(runes)), x1: make([]float32, len(runes)), uniform: true}
	in := shaping.Input{
		Text: runes, RunEnd: len(runes), Direction: di.DirectionLTR,
		Face: face, Size: toFixed(s.size),
	}
	runs := s.seg.Split(in, single{face})
	if len(runs) != 1 {
		m.uniform = false
	}
	x := float32(0)
	for i, run := range runs {
		rtl := run.Direction.Progression() == di.TowardTopLeft
		if i == 0 {
			m.rtl = rtl
		} else if rtl != m.rtl {
			m.uniform = false
		}
		out := s.hb.Shape(run)
		x = place(out, run.RunStart, run.RunEnd, rtl, x, m)
	}
	m.width = x
	m.text = key.text
	s.cache[key] = m
	return m
}

// place turns one shaped run into rune boxes starting at x and returns the
// x after the run. The runes of one cluster share its box in equal parts,
// the first rune of a right-to-left cluster being its rightmost.
func place(out shaping.Output, start, end int, rtl bool, x float32, m *shaped) float32 {
	type span struct {
		first  int
		x0, x1 float32
	}
	x0 := x
	clusters := make([]span, 0, len(out.Glyphs))
	for _, g := range out.Glyphs {
		adv := fromFixed(g.XAdvance)
		if n := len(clusters); n > 0 && clusters[n-1].first == g.ClusterIndex {
			clusters[n-1].x1 += adv
		} else {
			clusters = append(clusters, span{g.ClusterIndex, x, x + adv})
		}
		x += adv
	}
	// Runes of a cluster run from its first rune to the next cluster's
	// first rune in logical order; runes before the first cluster (dropped
	// by the shaper) join it.
	for r := start; r < end; r++ {
		m.x0[r], m.x1[r] = x0, x0
	}
	firsts := make([]int, 0, len(clusters))
	for _, c := range clusters {
		firsts = append(firsts, c.first)
	}
	slices.Sort(firsts)
	for _, c := range clusters {
		lo := c.first
		if lo == firsts[0] {
			lo = start
		}
		hi := end
		if i, ok := slices.BinarySearch(firsts, c.first+1); i < len(firsts) || ok {
			hi = min(firsts[i], end)
		}
		k := hi - lo
		if k <= 0 || lo < start {
			continue
		}
		w := (c.x1 - c.x0) / float32(k)
		for i := 0; i < k; i++ {
			a := c.x0 + float32(i)*w
			if rtl {
				a = c.x1 - float32(i+1)*w
			}
			m.x0[lo+i], m.x1[lo+i] = a, a+w
		}
	}
	return x
}

// isIgnorable reports whether r draws nothing by itself: controls, format
// characters and other default-ignorable code points.
func isIgnorable(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Noncharacter_Code_Point,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector, unicode.Cs, unicode.Co)
}
