package dev.kinfer.operator.dependent;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.config.ServerSideApplySwitch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * Every resource the workflow creates and updates for an InferenceService. One place for what they all need: QOSDK
 * 7.7.3 answers a dependent's use of server-side apply from the uncustomized configuration, so the run-time
 * {@code kinfer.operator.server-side-apply} switch must be consulted here.
 */
abstract class ManagedDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, InferenceService> {

    ManagedDependent(Class<R> type) {
        super(type);
    }

    @Override
    protected boolean useSSA(Context<InferenceService> context) {
        return ServerSideApplySwitch.enabled(context) && super.useSSA(context);
    }
}
