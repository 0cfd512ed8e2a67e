/** Python's text semantics for the outputters: shared with execution modules from core (python.ts). */
export * from '@brine/core/python';
