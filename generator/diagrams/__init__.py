"""Pure, deterministic SVG diagrams (entity networks and timelines), standard library only."""
