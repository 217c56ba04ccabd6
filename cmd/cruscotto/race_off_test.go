//go:build !race

package main

// slowdown scales time limits under the race detector, which runs this
// code five to ten times slower.
const slowdown = 1
