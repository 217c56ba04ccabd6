// Package templates holds the web pages' HTML templates and stylesheet,
// embedded in the binary (embed cannot reach outside its package folder).
package templates

import "embed"

// FS holds the page templates (*.html) and the static files (static/).
//
//go:embed *.html static
var FS embed.FS
