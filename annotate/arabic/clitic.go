package arabic

import (
	_ "embed"
	"slices"
	"strings"
	"unicode"

	"alama/annotate"
)

// PieceKind is the role of one piece of a segmented word.
type PieceKind uint8

// The piece kinds.
const (
	Proclitic PieceKind = iota + 1 // و ف ب ك ل س
	Article                        // ال, or لل (ل with the article)
	Stem                           // what is left
	Suffix                         // a pronoun: ه ها هم هما هن ك كم كن ي نا
)

var pieceNames = [...]string{Proclitic: "proclitic", Article: "article", Stem: "stem", Suffix: "suffix"}

// String returns the kind's lower-case name.
func (k PieceKind) String() string {
	if int(k) < len(pieceNames) && pieceNames[k] != "" {
		return pieceNames[k]
	}
	return "unknown"
}

// Piece is one clitic or the stem of a word: the code-point range
// [Start, End) of the word and its text, harakat included.
type Piece struct {
	Start, End int
	Text       string
	Kind       PieceKind
}

//go:embed lexicon.txt
var lexiconText string

// lexicon holds the keys (see lexKey) of words that stay whole.
var lexicon = loadLexicon(lexiconText)

func loadLexicon(text string) map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m[lexKey([]rune(line))] = true
	}
	return m
}

// lexKey is the lexicon key of a word given as letters: alef variants as ا,
// ى and Farsi yeh as ي, keheh as ك. Unlike search folding it keeps ة apart
// from ه, since ه is also a pronoun suffix.
func lexKey(w []rune) string {
	var b strings.Builder
	for _, r := range w {
		if r == 'ة' {
			b.WriteRune(r)
			continue
		}
		b.WriteRune(foldLetter(r))
	}
	return b.String()
}

// inflections are endings of a listed word that keep it listed.
var inflections = []string{"ية", "يون", "يين", "ة", "ات", "ان", "ين", "ون", "ي"}

// listed reports whether letters w are a lexicon word or an inflected form
// of one.
func listed(w []rune) bool {
	k := lexKey(w)
	if lexicon[k] {
		return true
	}
	// Compounds with ما: بعدما, بينما, عندما.
	if s, ok := strings.CutSuffix(k, "ما"); ok && lexicon[s] && len([]rune(s)) >= 3 {
		return true
	}
	for _, e := range inflections {
		if s, ok := strings.CutSuffix(k, e); ok && len([]rune(s)) >= 3 && lexicon[s] {
			return true
		}
	}
	return false
}

// suffixes are the pronoun suffixes, longest first.
var suffixes = [][]rune{[]rune("هما"), []rune("هم"), []rune("هن"), []rune("ها"), []rune("كم"), []rune("كن"), []rune("نا"), []rune("ه"), []rune("ك"), []rune("ي")}

// cut is the end of one piece, as a letter index of the word.
type cut struct {
	end  int
	kind PieceKind
}

// Segment splits one word into its proclitics, article, stem and pronoun
// suffix. Words that only look like they carry clitics (وزير, باريس,
// كرملين, فرنسا, يمكن, ذلك …) are kept whole by an embedded lexicon of
// frequent news words and by length rules: a clitic comes off only if at
// least three letters are left, or what is left is a listed word. Harakat
// and tatweel stay with the letter before them. A word with letters that are
// not Arabic is one stem. Offsets count code points from the word's start.
func Segment(word string) []Piece {
	if word == "" {
		return nil
	}
	letters, pos := skeleton(word)
	n := len([]rune(word))
	cuts := []cut{{len(letters), Stem}}
	if len(letters) > 0 && isArabicWord(letters) {
		cuts = segmentLetters(letters)
	}
	o := annotate.NewOffsets(word)
	var out []Piece
	start := 0
	for _, c := range cuts {
		end := n
		if c.end < len(letters) {
			end = pos[c.end]
		}
		if end > start && o.IsBoundary(end) {
			out = append(out, Piece{Start: start, End: end, Text: annotate.Slice(word, start, end), Kind: c.kind})
			start = end
		}
	}
	return out
}

// skeleton returns the letters of word without harakat, tatweel and format
// controls, with the code-point offset of each in word.
func skeleton(word string) ([]rune, []int) {
	var letters []rune
	var pos []int
	i := 0
	for _, r := range word {
		if !dropped(r) {
			letters = append(letters, r)
			pos = append(pos, i)
		}
		i++
	}
	return letters, pos
}

func isArabicWord(w []rune) bool {
	for _, r := range w {
		if !unicode.Is(unicode.Arabic, r) || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func hasPrefix(w []rune, p string) bool { return strings.HasPrefix(string(w), p) }

// segmentLetters returns the piece ends of a word given as Arabic letters.
func segmentLetters(w []rune) []cut {
	var cuts []cut
	p := 0
	done := func(rest []cut) []cut { return append(cuts, rest...) }
	// A listed word, or a listed stem with a suffix, needs no proclitics.
	whole := func() ([]cut, bool) {
		if listed(w[p:]) {
			return done([]cut{{len(w), Stem}}), true
		}
		if s := listedStemSuffix(w[p:]); s > 0 {
			return done([]cut{{len(w) - s, Stem}, {len(w), Suffix}}), true
		}
		return nil, false
	}
	if c, ok := whole(); ok {
		return c
	}
	if (w[0] == 'و' || w[0] == 'ف') && procliticLeaves(w[1:]) {
		cuts = append(cuts, cut{1, Proclitic})
		p = 1
		if c, ok := whole(); ok {
			return c
		}
	}
	rest := w[p:]
	article := false
	switch {
	case hasPrefix(rest, "لل") && len(rest) >= 4:
		cuts = append(cuts, cut{p + 2, Article})
		p += 2
		article = true
	case len(rest) > 1 && (rest[0] == 'ب' || rest[0] == 'ك' || rest[0] == 'ل'):
		if s := pronounSuffix(rest[1:]); s == len(rest)-1 && rest[0] != 'ك' {
			return done([]cut{{p + 1, Proclitic}, {len(w), Suffix}})
		}
		if hasPrefix(rest[1:], "ال") && len(rest) >= 5 || prepositionLeaves(rest[0], rest[1:]) {
			cuts = append(cuts, cut{p + 1, Proclitic})
			p++
		}
	case len(rest) > 3 && rest[0] == 'س' && strings.ContainsRune("يتنأ", rest[1]):
		cuts = append(cuts, cut{p + 1, Proclitic})
		p++
	}
	if !article {
		if c, ok := whole(); ok {
			return c
		}
		if hasPrefix(w[p:], "ال") && len(w)-p >= 4 {
			cuts = append(cuts, cut{p + 2, Article})
			p += 2
			article = true
		}
	}
	if !article {
		if s := guessSuffix(w[p:]); s > 0 {
			return done([]cut{{len(w) - s, Stem}, {len(w), Suffix}})
		}
	}
	return done([]cut{{len(w), Stem}})
}

// procliticLeaves reports whether rest, what a proclitic would leave, can
// stand: three letters or more, a listed word, a listed stem with a suffix,
// or a preposition ب or ل with a suffix (وله).
func procliticLeaves(rest []rune) bool {
	switch {
	case len(rest) == 0 || strings.ContainsRune("ئؤةى", rest[0]):
		return false // no word starts with these
	case len(rest) >= 3, listed(rest), listedStemSuffix(rest) > 0:
		return true
	case len(rest) >= 2 && (rest[0] == 'ب' || rest[0] == 'ل'):
		return pronounSuffix(rest[1:]) == len(rest)-1
	}
	return false
}

// prepositionLeaves reports whether what a bare preposition p (ب ك ل, no
// article) would leave can stand. A noun after a preposition is genitive, so
// it cannot end in the alef of the accusative (بعيدا, لاحقا) and what ends in
// alef must be a listed name (بسوريا); a stem opening with a bare alef is a
// long verbal noun (باتفاق, لانتخاب); ك as "like" is rare, so it needs a
// listed word after it.
func prepositionLeaves(p rune, rest []rune) bool {
	if !procliticLeaves(rest) {
		return false
	}
	if listed(rest) || listedStemSuffix(rest) > 0 {
		return true
	}
	switch {
	case p == 'ك', rest[len(rest)-1] == 'ا':
		return false
	case rest[0] == 'ا':
		return len(rest) >= 5
	}
	return true
}

// pronounSuffix returns the length of the pronoun suffix w ends with, or 0.
func pronounSuffix(w []rune) int {
	for _, s := range suffixes {
		if len(w) >= len(s) && slices.Equal(w[len(w)-len(s):], s) {
			return len(s)
		}
	}
	return 0
}

// listedStemSuffix returns the length of a pronoun suffix on w whose stem is
// a listed word (من+ها, علي+ه, بلاد+نا), or 0.
func listedStemSuffix(w []rune) int {
	for _, s := range suffixes {
		if len(w) > len(s) && slices.Equal(w[len(w)-len(s):], s) && listedStem(w[:len(w)-len(s)]) {
			return len(s)
		}
	}
	return 0
}

// listedStem reports whether stem is a listed word, or a listed word in ة
// whose ة became ت before a suffix (وزارت for وزارة).
func listedStem(stem []rune) bool {
	k := lexKey(stem)
	if lexicon[k] {
		return true
	}
	s, ok := strings.CutSuffix(k, "ت")
	return ok && lexicon[s+"ة"]
}

// guessSuffix returns the length of a pronoun suffix on an unlisted word, or
// 0. ه ها هم هما هن نا come off a stem of three letters or more that ends
// in ت (from ة) or in no long vowel (اتجاه, توجيه, كورونا stay whole); ك كم
// كن ي only off a stem of four letters or more ending in ت (حكومتك), since
// most words ending in them carry no pronoun (ذلك, يمكن, مصري).
func guessSuffix(w []rune) int {
	s := pronounSuffix(w)
	if s == 0 || len(w)-s < 3 {
		return 0
	}
	last := w[len(w)-s-1]
	switch string(w[len(w)-s:]) {
	case "ك", "كم", "كن", "ي":
		if last == 'ت' && len(w)-s >= 4 {
			return s
		}
		return 0
	}
	if last == 'ت' {
		return s
	}
	if strings.ContainsRune("اويى", last) {
		return 0
	}
	return s
}

// CliticBoundaries returns the edges of tokens and of their clitics in the
// code-point range [wordStart, wordEnd) of text, ascending, from wordStart to
// wordEnd, for snapping a selection to clitic level. An invalid range gives
// nil.
func CliticBoundaries(text string, wordStart, wordEnd int) []int {
	if wordStart < 0 || wordEnd < wordStart || wordEnd > annotate.RuneLen(text) {
		return nil
	}
	out := []int{wordStart}
	add := func(b int) {
		if b > out[len(out)-1] {
			out = append(out, b)
		}
	}
	for _, t := range Tokenize(annotate.Slice(text, wordStart, wordEnd)) {
		add(wordStart + t.Start)
		if t.Kind == Word {
			for _, p := range Segment(t.Text) {
				add(wordStart + t.Start + p.End)
			}
		}
		add(wordStart + t.End)
	}
	add(wordEnd)
	return out
}
