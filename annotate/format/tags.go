package format

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"alama/annotate"
	"alama/annotate/arabic"
)

// Token-level views of a document, shared by CoNLL and Hugging Face.

// tok is one token (or, in segmented mode, one piece of a word).
type tok struct {
	start, end int
	text       string
}

// tokenized is a document cut into sentences of tokens, with one tag per
// token for each nesting level.
type tokenized struct {
	toks  []tok
	sents [][2]int   // token index ranges [a, b) of the sentences
	tags  [][]string // tags[level][token]
}

// tagDoc cuts d into tokens and sentences and tags every token with the
// scheme, levels tag columns deep. The tokens and sentences are those d
// kept from its file (annotate.Document.Tokens), or else those of
// annotate/arabic. Spans (in annotate.SortSpans order, each already checked
// against the text) go to the first level where they overlap no span of
// that level, outermost first; spans beyond the last level are dropped and
// counted. In whole-word mode a span tags the tokens whose stem it covers,
// or at least half of (so a left-out proclitic or suffix does not matter,
// and a clitic alone tags nothing), and is counted as widened when its
// tokens reach past it, narrowed when they leave part of it out; a span
// that covers no token that much, or that lands on a token another span of
// its level holds, is dropped and counted. In segmented mode words are cut
// at span edges first, so every span maps to whole pieces. A sentence
// break never falls inside a tagged span: the sentences it would cut are
// written as one.
func tagDoc(d *annotate.Document, spans []annotate.Span, scheme Scheme, levels int, segmented bool, rep *Report) *tokenized {
	return new(tagScratch).tag(d, spans, scheme, levels, segmented, rep)
}

// tagScratch holds the buffers tagDoc works in, so that an export reuses
// them from one document to the next. The tokenized document tag returns
// lives in them: it is valid until the next call.
type tagScratch struct {
	tz     tokenized
	words  []arabic.Token
	sents  []arabic.Range
	order  []annotate.Span
	levels [][]annotate.Span
	owners []int  // owner of each token, level after level
	joined []bool // per token
	tags   []string
	tagOf  map[tagKey]string // the tags made so far
}

// tagKey is a tag by its prefix and label.
type tagKey struct{ prefix, label string }

// scratchPool holds tagScratch values for the token formats' prepare.
var scratchPool = sync.Pool{New: func() any { return new(tagScratch) }}

// tag is tagDoc in the buffers of sc.
func (sc *tagScratch) tag(d *annotate.Document, spans []annotate.Span, scheme Scheme, levels int, segmented bool, rep *Report) *tokenized {
	byLevel := sc.assignLevels(spans, levels, rep)
	toks, sents := sc.docTokens(d)
	if segmented {
		toks = cutTokens(toks, byLevel)
	}
	tz := &sc.tz
	tz.toks = toks
	n := len(toks)
	sc.owners = slices.Grow(sc.owners[:0], n*len(byLevel))[:n*len(byLevel)]
	clear(sc.owners)
	// joined[i]: token i is in the same sentence as token i-1 because a
	// span runs across the break between them.
	sc.joined = slices.Grow(sc.joined[:0], n)[:n]
	clear(sc.joined)
	joined := sc.joined
	for l, level := range byLevel {
		owner := sc.owners[l*n : (l+1)*n] // span index + 1 per token, 0 for none
		for i, s := range level {
			a, b, ok := coveredTokens(toks, s)
			if !ok {
				rep.SpansDropped++
				continue
			}
			if slices.ContainsFunc(owner[a:b], func(o int) bool { return o != 0 }) {
				rep.OverlapsDropped++
				continue
			}
			switch from, to := toks[a].start, toks[b-1].end; {
			case from > s.Start || to < s.End:
				rep.Narrowed++
			case from < s.Start || to > s.End:
				rep.Widened++
			}
			for k := a; k < b; k++ {
				owner[k] = i + 1
				if k > a {
					joined[k] = true
				}
			}
		}
	}
	tz.sents = joinSentences(groupSentences(tz.sents[:0], toks, sents), joined)
	sc.tags = slices.Grow(sc.tags[:0], n*len(byLevel))[:n*len(byLevel)]
	tz.tags = tz.tags[:0]
	for l, level := range byLevel {
		tags := sc.tags[l*n : (l+1)*n : (l+1)*n]
		sc.schemeTags(tags, scheme, tz.sents, sc.owners[l*n:(l+1)*n], func(o int) string { return level[o-1].Label })
		tz.tags = append(tz.tags, tags)
	}
	return tz
}

// docTokens returns the tokens of d and the ranges of its sentences: those
// it kept from its file, or else those of annotate/arabic.
func docTokens(d *annotate.Document) ([]tok, []arabic.Range) {
	return new(tagScratch).docTokens(d)
}

// docTokens is the function docTokens in the buffers of sc.
func (sc *tagScratch) docTokens(d *annotate.Document) ([]tok, []arabic.Range) {
	toks := sc.tz.toks[:0]
	if len(d.Tokens) == 0 {
		sc.words, sc.sents = arabic.AppendTokensAndSentences(sc.words[:0], sc.sents[:0], d.Text)
		toks = slices.Grow(toks, len(sc.words))
		for _, t := range sc.words {
			toks = append(toks, tok{t.Start, t.End, t.Text})
		}
		return toks, sc.sents
	}
	var idx runes
	idx.reset(d.Text)
	n := idx.len()
	toks = slices.Grow(toks, len(d.Tokens))
	for _, t := range d.Tokens {
		if t.Start < 0 || t.End > n || t.Start >= t.End {
			continue // the store checks tokens; this keeps a damaged one harmless
		}
		toks = append(toks, tok{t.Start, t.End, idx.slice(t.Start, t.End)})
	}
	sents := sc.sents[:0]
	for i, first := range d.Sentences {
		if first >= len(d.Tokens) {
			break
		}
		end := n
		if i+1 < len(d.Sentences) && d.Sentences[i+1] < len(d.Tokens) {
			end = d.Tokens[d.Sentences[i+1]].Start
		}
		sents = append(sents, arabic.Range{Start: d.Tokens[first].Start, End: end})
	}
	sc.sents = sents
	return toks, sents
}

// joinSentences merges each sentence whose first token is joined to the
// one before it into the sentence before.
func joinSentences(sents [][2]int, joined []bool) [][2]int {
	out := sents[:0]
	for _, s := range sents {
		if len(out) > 0 && joined[s[0]] {
			out[len(out)-1][1] = s[1]
			continue
		}
		out = append(out, s)
	}
	return out
}

// assignLevels puts each span on the first of levels levels where it
// overlaps nothing, outermost spans first; the rest are counted as dropped.
func (sc *tagScratch) assignLevels(spans []annotate.Span, levels int, rep *Report) [][]annotate.Span {
	order := append(sc.order[:0], spans...)
	sc.order = order
	// Outermost first: by start, then longest.
	slices.SortStableFunc(order, func(a, b annotate.Span) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	if cap(sc.levels) < levels {
		sc.levels = make([][]annotate.Span, levels)
	}
	out := sc.levels[:levels]
	for l := range out {
		out[l] = out[l][:0]
	}
	var ends [8]int
	end := ends[:0]
	if levels > len(ends) {
		end = make([]int, 0, levels)
	}
	end = end[:levels]
	for _, s := range order {
		placed := false
		for l := range out {
			if len(out[l]) == 0 || s.Start >= end[l] {
				out[l] = append(out[l], s)
				end[l] = s.End
				placed = true
				break
			}
		}
		if !placed {
			rep.OverlapsDropped++
		}
	}
	return out
}

// cutTokens splits tokens at the edges of the spans of every level.
func cutTokens(toks []tok, levels [][]annotate.Span) []tok {
	var cuts []int
	for _, l := range levels {
		for _, s := range l {
			cuts = append(cuts, s.Start, s.End)
		}
	}
	if len(cuts) == 0 {
		return toks
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []tok
	for _, t := range toks {
		i := sort.SearchInts(cuts, t.start+1)
		from := t.start
		for ; i < len(cuts) && cuts[i] < t.end; i++ {
			out = append(out, tok{from, cuts[i], annotate.Slice(t.text, from-t.start, cuts[i]-t.start)})
			from = cuts[i]
		}
		out = append(out, tok{from, t.end, annotate.Slice(t.text, from-t.start, t.end-t.start)})
	}
	return out
}

// groupSentences appends to out the token index range of each sentence; a
// token belongs to the last sentence starting at or before it. Empty
// sentences are left out.
func groupSentences(out [][2]int, toks []tok, sents []arabic.Range) [][2]int {
	si := 0
	for i := 0; i < len(toks); {
		for si+1 < len(sents) && sents[si+1].Start <= toks[i].start {
			si++
		}
		j := i + 1
		for j < len(toks) && (si+1 >= len(sents) || toks[j].start < sents[si+1].Start) {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// coveredTokens returns the token range [a, b) a span tags: the tokens
// whose stem it covers (arabic.Segment tells proclitics, article and
// suffix from the stem), and any token it covers at least half of.
func coveredTokens(toks []tok, s annotate.Span) (a, b int, ok bool) {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].end > s.Start })
	a, b = -1, -1
	for ; i < len(toks) && toks[i].start < s.End; i++ {
		if covers(toks[i], s) {
			if a < 0 {
				a = i
			}
			b = i + 1
		}
	}
	return a, b, a >= 0
}

// covers reports whether span s claims token t for its label.
func covers(t tok, s annotate.Span) bool {
	if s.Start <= t.start && s.End >= t.end {
		return true
	}
	if overlap := min(t.end, s.End) - max(t.start, s.Start); 2*overlap >= t.end-t.start {
		return true
	}
	for _, p := range arabic.Segment(t.text) {
		if p.Kind == arabic.Stem {
			return s.Start <= t.start+p.Start && s.End >= t.start+p.End
		}
	}
	return false
}

// schemeTags writes the tags of one level into tags: owner[i] is 0
// outside any span and otherwise identifies the span holding token i. A
// span that crosses a sentence end is closed there and opened again in the
// next sentence.
func (sc *tagScratch) schemeTags(tags []string, scheme Scheme, sents [][2]int, owner []int, label func(int) string) {
	scheme, _ = scheme.tagger()
	for _, sr := range sents {
		for i := sr[0]; i < sr[1]; i++ {
			o := owner[i]
			if o == 0 {
				tags[i] = "O"
				continue
			}
			first := i == sr[0] || owner[i-1] != o
			last := i == sr[1]-1 || owner[i+1] != o
			l := label(o)
			var p string
			switch scheme {
			case IOB1:
				p = "I"
				if first && i > sr[0] && owner[i-1] != 0 && label(owner[i-1]) == l {
					p = "B"
				}
			case BIOES, BILOU:
				single, end := "S", "E"
				if scheme == BILOU {
					single, end = "U", "L"
				}
				switch {
				case first && last:
					p = single
				case first:
					p = "B"
				case last:
					p = end
				default:
					p = "I"
				}
			default:
				p = "I"
				if first {
					p = "B"
				}
			}
			tags[i] = sc.tagString(p, l)
		}
	}
}

// tagString returns the tag PREFIX-LABEL, made once per scratch.
func (sc *tagScratch) tagString(prefix, label string) string {
	k := tagKey{prefix, label}
	t, ok := sc.tagOf[k]
	if !ok {
		if sc.tagOf == nil {
			sc.tagOf = map[tagKey]string{}
		}
		t = prefix + "-" + label
		sc.tagOf[k] = t
	}
	return t
}

// chunk is a labelled token range [a, b) decoded from tags.
type chunk struct {
	a, b  int
	label string
}

// decodeTags reads chunks from a tag sequence of any scheme (IOB1, IOB2,
// BIOES, BILOU), leniently: an I- or E- that does not continue an open
// chunk of its label starts one. It returns the index of the first tag
// that is not O or PREFIX-LABEL, or -1.
func decodeTags(tags []string) ([]chunk, int) {
	var out []chunk
	open := -1 // index in out of the open chunk
	for i, t := range tags {
		if t == "O" {
			open = -1
			continue
		}
		p, l, ok := strings.Cut(t, "-")
		if !ok || l == "" || len(p) != 1 || !strings.Contains("BIESLU", p) {
			return nil, i
		}
		cont := open >= 0 && out[open].label == l && (p == "I" || p == "E" || p == "L")
		if cont {
			out[open].b = i + 1
		} else {
			out = append(out, chunk{a: i, b: i + 1, label: l})
			open = len(out) - 1
		}
		if p == "E" || p == "L" || p == "S" || p == "U" {
			open = -1
		}
	}
	return out, -1
}

// tagList returns the tags of a scheme for labels, "O" first, in the order
// a classifier's label ids use.
func tagList(scheme Scheme, labels []string) []string {
	scheme, _ = scheme.tagger()
	prefixes := map[Scheme][]string{IOB2: {"B", "I"}, IOB1: {"B", "I"}, BIOES: {"B", "I", "E", "S"}, BILOU: {"B", "I", "L", "U"}}[scheme]
	out := []string{"O"}
	for _, l := range labels {
		for _, p := range prefixes {
			out = append(out, p+"-"+l)
		}
	}
	return out
}
