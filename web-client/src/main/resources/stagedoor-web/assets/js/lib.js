// The one library: Preact, its hooks and htm as a single ES module, from the pinned mvnpm jar org.mvnpm:htm
// (the version here is the parent pom's htm.version). Every other module imports it from here.
export {
  html, render, useState, useEffect, useRef, useCallback, useMemo,
} from '/_static/htm/3.1.1/preact/standalone.module.js';
