package io.klassic.broker.handlers;

import io.klassic.broker.controller.ControlledShutdownResult;
import io.klassic.broker.controller.KafkaController;
import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.concurrent.CompletableFuture;

/**
 * ControlledShutdown (7), v1-3, sent by a broker that is stopping to the controller: the controller moves the
 * broker's leaderships to other in-sync replicas and takes it out of the ISRs it follows, then answers with the
 * replicated partitions the broker still leads (the broker retries while some remain). A broker that is not the
 * controller answers NOT_CONTROLLER. Thread-safe.
 */
public final class ControlledShutdownHandler implements ApiHandler {
    private final KafkaController controller;

    public ControlledShutdownHandler(KafkaController controller) {
        this.controller = controller;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.CONTROLLED_SHUTDOWN;
    }

    @Override
    public short minVersion() {
        return 1;
    }

    @Override
    public short maxVersion() {
        return 3;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        long brokerEpoch = context.apiVersion() >= 2 ? request.getLong("BrokerEpoch") : -1L;
        return controller.controlledShutdown(request.getInt("BrokerId"), brokerEpoch).thenApply(ControlledShutdownHandler::response);
    }

    private static Struct response(ControlledShutdownResult result) {
        Struct response = ApiKeys.CONTROLLED_SHUTDOWN.response().newStruct();
        response.set("ErrorCode", result.error().code());
        for (TopicPartition tp : result.remainingPartitions()) {
            Struct p = response.add("RemainingPartitions");
            p.set("TopicName", tp.topic());
            p.set("PartitionIndex", tp.partition());
        }
        return response;
    }

    @Override
    public Struct errorResponse(RequestContext context, Struct request, short errorCode) {
        return response(ControlledShutdownResult.failed(Errors.forCode(errorCode)));
    }
}
