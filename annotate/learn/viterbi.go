package learn

import (
	"math"
	"slices"
)

// tagset is the BIOES tag set of a list of labels: tag 0 is O, and label l
// has B, I, E, S at 1+4l … 4+4l.
type tagset struct {
	labels []string
	n      int    // number of tags
	ok     []bool // ok[p*n+c]: tag c may follow p (row n: the start)
}

const (
	posB = iota
	posI
	posE
	posS
)

func newTagset(labels []string) *tagset {
	ts := &tagset{labels: labels, n: 1 + 4*len(labels)}
	ts.ok = make([]bool, (ts.n+1)*ts.n)
	for p := 0; p <= ts.n; p++ {
		for c := 0; c < ts.n; c++ {
			ts.ok[p*ts.n+c] = ts.allowed(p, c)
		}
	}
	return ts
}

func tagOf(label, pos int) int { return 1 + 4*label + pos }

// split returns a tag's label and position; label is -1 for O.
func split(t int) (label, pos int) {
	if t == 0 {
		return -1, 0
	}
	return (t - 1) / 4, (t - 1) % 4
}

// open reports whether a span is still open after tag t (B or I).
func open(t int) bool {
	_, pos := split(t)
	return t != 0 && (pos == posB || pos == posI)
}

// allowed reports whether tag c may follow tag p (p == n: the start).
func (ts *tagset) allowed(p, c int) bool {
	cl, cp := split(c)
	if p < ts.n && open(p) {
		pl, _ := split(p)
		return cl == pl && (cp == posI || cp == posE)
	}
	return c == 0 || cp == posB || cp == posS
}

// final reports whether a sentence may end with tag t.
func (ts *tagset) final(t int) bool { return !open(t) }

// beam is how many tags per token, by emission score, Viterbi considers
// besides O. Pruning makes decoding cost grow with the beam, not with the
// square of the number of tags.
const beam = 16

// lattice holds the scores of one sentence: emit[i*n+t] for token i and
// tag t, trans[p*n+c] for tag c after p (row n: the start), end[t] for a
// sentence ending in t.
type lattice struct {
	ts    *tagset
	emit  []float64
	trans []float64
	end   []float64
}

// candidates returns, for each of k tokens, O and the beam tags with the
// best emission scores (ties to the lower tag), in tag order.
func (l *lattice) candidates(k int) [][]int {
	n := l.ts.n
	out := make([][]int, k)
	all := make([]int, 0, k*(beam+1))
	top := make([]int, 0, beam+1)
	for i := range k {
		e := l.emit[i*n : (i+1)*n]
		top = top[:0]
		for t := 1; t < n; t++ {
			if len(top) == beam && e[t] <= e[top[beam-1]] {
				continue
			}
			j := len(top)
			if j < beam {
				top = append(top, t)
			} else {
				j = beam - 1
			}
			for j > 0 && e[top[j-1]] < e[t] {
				top[j] = top[j-1]
				j--
			}
			top[j] = t
		}
		start := len(all)
		all = append(all, 0)
		all = append(all, top...)
		c := all[start:len(all):len(all)]
		slices.Sort(c)
		out[i] = c
	}
	return out
}

// viterbi returns the best allowed tag sequence of a sentence of k tokens
// among the candidate tags, with its score, and, if marginals is set, the
// score of the best sequence through each tag of each token
// (max-marginals, k*n; -Inf for tags outside the beam).
func (l *lattice) viterbi(k int, marginals bool) (path []int, best float64, mm []float64) {
	n := l.ts.n
	ok := l.ts.ok
	cand := l.candidates(k)
	inf := math.Inf(-1)
	delta := make([]float64, k*n)
	for i := range delta {
		delta[i] = inf
	}
	back := make([]int32, k*n)
	for _, c := range cand[0] {
		if ok[n*n+c] {
			delta[c] = l.trans[n*n+c] + l.emit[c]
		}
	}
	for i := 1; i < k; i++ {
		prev, cur := delta[(i-1)*n:i*n], delta[i*n:(i+1)*n]
		for _, c := range cand[i] {
			bs, bp := inf, -1
			for _, p := range cand[i-1] {
				if !ok[p*n+c] {
					continue
				}
				if s := prev[p] + l.trans[p*n+c]; s > bs {
					bs, bp = s, p
				}
			}
			if bp >= 0 {
				cur[c] = bs + l.emit[i*n+c]
				back[i*n+c] = int32(bp)
			}
		}
	}
	best, bt := inf, 0
	for _, c := range cand[k-1] {
		if !l.ts.final(c) {
			continue
		}
		if s := delta[(k-1)*n+c] + l.end[c]; s > best {
			best, bt = s, c
		}
	}
	path = make([]int, k)
	path[k-1] = bt
	for i := k - 1; i > 0; i-- {
		path[i-1] = int(back[i*n+path[i]])
	}
	if !marginals {
		return path, best, nil
	}
	beta := make([]float64, k*n)
	for i := range beta {
		beta[i] = inf
	}
	for _, c := range cand[k-1] {
		if l.ts.final(c) {
			beta[(k-1)*n+c] = l.end[c]
		}
	}
	for i := k - 2; i >= 0; i-- {
		next := i + 1
		for _, p := range cand[i] {
			bs := inf
			for _, c := range cand[next] {
				if !ok[p*n+c] {
					continue
				}
				if s := l.trans[p*n+c] + l.emit[next*n+c] + beta[next*n+c]; s > bs {
					bs = s
				}
			}
			beta[i*n+p] = bs
		}
	}
	mm = delta
	for i := range mm {
		mm[i] += beta[i]
	}
	return path, best, mm
}

// margins returns, for each token, how much the best sequence beats the
// best one with another tag on that token (0 when it ties).
func margins(path []int, best float64, mm []float64, n int) []float64 {
	out := make([]float64, len(path))
	for i, t := range path {
		alt := math.Inf(-1)
		for c := range n {
			if c != t && mm[i*n+c] > alt {
				alt = mm[i*n+c]
			}
		}
		out[i] = best - alt
		if math.IsInf(alt, -1) || out[i] > 1e9 {
			out[i] = 1e9
		}
		if out[i] < 0 {
			out[i] = 0
		}
	}
	return out
}

// chunk is a span of tokens [a, b) with a label index.
type chunk struct{ a, b, label int }

// chunks returns the spans of a well-formed BIOES sequence.
func chunks(path []int) []chunk {
	var out []chunk
	start := -1
	for i, t := range path {
		l, pos := split(t)
		switch {
		case t == 0:
			start = -1
		case pos == posS:
			out = append(out, chunk{i, i + 1, l})
			start = -1
		case pos == posB:
			start = i
		case pos == posE && start >= 0:
			out = append(out, chunk{start, i + 1, l})
			start = -1
		}
	}
	return out
}

// encode returns the BIOES tags of spans over k tokens.
func encode(k int, cs []chunk) []int {
	tags := make([]int, k)
	for _, c := range cs {
		if c.b-c.a == 1 {
			tags[c.a] = tagOf(c.label, posS)
			continue
		}
		tags[c.a] = tagOf(c.label, posB)
		for i := c.a + 1; i < c.b-1; i++ {
			tags[i] = tagOf(c.label, posI)
		}
		tags[c.b-1] = tagOf(c.label, posE)
	}
	return tags
}
