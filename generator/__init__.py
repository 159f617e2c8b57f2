"""Static-site generator for sourced briefing dossiers."""
