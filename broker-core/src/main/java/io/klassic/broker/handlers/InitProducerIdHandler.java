package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.ProducerIdManager;

import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId (22), v0-1, for idempotent producers: a producer id unique in the cluster (from a block
 * reserved in ZooKeeper) with epoch 0. Transactional ids need the transaction coordinator, which this broker does
 * not have: those requests get TRANSACTIONAL_ID_AUTHORIZATION_FAILED rather than a silent non-transactional id.
 * Thread-safe.
 */
public final class InitProducerIdHandler implements ApiHandler {
    private final ProducerIdManager producerIds;

    public InitProducerIdHandler(ProducerIdManager producerIds) {
        this.producerIds = producerIds;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Struct response = ApiKeys.INIT_PRODUCER_ID.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        if (request.getString("TransactionalId") != null) {
            response.set("ErrorCode", Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());
            response.set("ProducerId", -1L);
            response.set("ProducerEpoch", (short) -1);
            return CompletableFuture.completedFuture(response);
        }
        response.set("ErrorCode", Errors.NONE.code());
        response.set("ProducerId", producerIds.generateProducerId());
        response.set("ProducerEpoch", (short) 0);
        return CompletableFuture.completedFuture(response);
    }
}
