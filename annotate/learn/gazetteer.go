package learn

import (
	"slices"
	"strings"

	"alama/annotate/arabic"
)

// maxTermTokens bounds the tokens of a gazetteer term; longer ones are
// left out.
const maxTermTokens = 8

// Gazetteer holds terms with the labels they were given, matched on
// search-folded tokens. The zero value is not usable; use NewGazetteer.
type Gazetteer struct {
	terms  map[string]map[string]int // folded tokens joined by a space → label → times given
	words  map[string]map[string]int // a folded token of a term → label → times given
	starts map[string]bool           // the first one or more tokens of a term, joined
	maxLen int
}

// NewGazetteer returns an empty gazetteer.
func NewGazetteer() *Gazetteer {
	return &Gazetteer{terms: map[string]map[string]int{}, words: map[string]map[string]int{}, starts: map[string]bool{}}
}

// count adds n to the count of label under key in m.
func count(m map[string]map[string]int, key, label string, n int) {
	lm := m[key]
	if lm == nil {
		lm = map[string]int{}
		m[key] = lm
	}
	lm[label] += n
}

// put adds n times label to the term key of ntok tokens.
func (g *Gazetteer) put(key, label string, ntok, n int) {
	count(g.terms, key, label, n)
	for _, w := range strings.Split(key, " ") {
		count(g.words, w, label, n)
	}
	for i := range len(key) {
		if key[i] == ' ' {
			g.starts[key[:i]] = true
		}
	}
	g.starts[key] = true
	g.maxLen = max(g.maxLen, ntok)
}

// termKey returns the folded tokens of text joined by spaces and how many
// there are.
func termKey(text string) (string, int) {
	toks := arabic.Tokenize(text)
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = arabic.FoldString(t.Text)
	}
	return strings.Join(parts, " "), len(parts)
}

// Add records that text was given label once more.
func (g *Gazetteer) Add(text, label string) { g.addN(text, label, 1) }

func (g *Gazetteer) addN(text, label string, n int) {
	key, ntok := termKey(text)
	if ntok == 0 || ntok > maxTermTokens {
		return
	}
	g.put(key, label, ntok, n)
}

// Len returns the number of distinct terms.
func (g *Gazetteer) Len() int { return len(g.terms) }

// Merge adds every term of o to g.
func (g *Gazetteer) Merge(o *Gazetteer) {
	for key, m := range o.terms {
		for l, n := range m {
			g.put(key, l, strings.Count(key, " ")+1, n)
		}
	}
}

// label returns the label a term was given most often (the first by name
// on a tie).
func (g *Gazetteer) label(key string) (string, bool) { return best(g.terms, key) }

// wordLabel returns the label most often given to terms with the token
// key (the first by name on a tie).
func (g *Gazetteer) wordLabel(key string) (string, bool) { return best(g.words, key) }

func best(terms map[string]map[string]int, key string) (string, bool) {
	m, ok := terms[key]
	if !ok {
		return "", false
	}
	best, bn := "", 0
	for l, n := range m {
		if n > bn || n == bn && l < best {
			best, bn = l, n
		}
	}
	return best, true
}

// gazHit says that a token is at position pos (B, I, E or S) of a term
// with label; stem is set when the term was found with the first token's
// proclitics left out.
type gazHit struct {
	pos, label string
	stem       bool
}

// match returns the hits on each token of a sentence.
func (g *Gazetteer) match(ws []word) [][]gazHit {
	out := make([][]gazHit, len(ws))
	if len(g.terms) == 0 {
		return out
	}
	var b strings.Builder
	for i := range ws {
		for pass := range 2 {
			first := ws[i].fold
			if pass == 1 {
				if ws[i].bare == ws[i].fold {
					break
				}
				first = ws[i].bare
			}
			b.Reset()
			b.WriteString(first)
			for n := 1; n <= g.maxLen && i+n <= len(ws); n++ {
				if n > 1 {
					b.WriteByte(' ')
					b.WriteString(ws[i+n-1].fold)
				}
				k := b.String()
				if !g.starts[k] {
					break
				}
				label, ok := g.label(k)
				if !ok {
					continue
				}
				for k := i; k < i+n; k++ {
					pos := "I"
					switch {
					case n == 1:
						pos = "S"
					case k == i:
						pos = "B"
					case k == i+n-1:
						pos = "E"
					}
					out[k] = append(out[k], gazHit{pos: pos, label: label, stem: pass == 1})
				}
			}
		}
	}
	return out
}

// gazTerm is one term of an encoded gazetteer.
type gazTerm struct {
	Key   string `json:"k"`
	Label string `json:"l"`
	N     int    `json:"n"`
}

// list returns the terms in a fixed order, for encoding.
func (g *Gazetteer) list() []gazTerm {
	var out []gazTerm
	for key, m := range g.terms {
		for l, n := range m {
			out = append(out, gazTerm{key, l, n})
		}
	}
	slices.SortFunc(out, func(a, b gazTerm) int {
		if c := strings.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		return strings.Compare(a.Label, b.Label)
	})
	return out
}

// gazetteerOf rebuilds a gazetteer from its encoded terms, whose keys are
// folded already.
func gazetteerOf(terms []gazTerm) *Gazetteer {
	g := NewGazetteer()
	for _, t := range terms {
		g.put(t.Key, t.Label, strings.Count(t.Key, " ")+1, t.N)
	}
	return g
}
