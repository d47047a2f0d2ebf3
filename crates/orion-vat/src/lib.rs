//! VAT engine (in progress).
