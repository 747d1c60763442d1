/**
 * Deliberately bad classes, one per architecture rule, shaped like stagedoor modules (alpha, beta, gamma). RulesBiteTest
 * proves each rule reports its offender by name. Never imported by the real rules (they read the modules' own classes).
 */
package io.stagedoor.archfixtures;
