package org.eegdecode.training.trainer;

import org.eegdecode.training.eval.Retrieval;

/** Validation and test retrieval at one point of training, with the router's global weights. */
public record Evaluation(
    Retrieval.Result validation, Retrieval.Result test, float[] routerWeights, double seconds) {}
