package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.MetadataCache;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.EndPoint;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeCluster (60), v0-1: the cluster id, the controller and the live brokers (their endpoint of the listener
 * the request came in on), from the metadata cache. Only broker endpoints (type 1) exist in ZooKeeper mode.
 * Thread-safe.
 */
public final class DescribeClusterHandler implements ApiHandler {
    private static final byte BROKERS = 1;

    private final MetadataCache cache;

    public DescribeClusterHandler(MetadataCache cache) {
        this.cache = cache;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.DESCRIBE_CLUSTER;
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
        Struct response = ApiKeys.DESCRIBE_CLUSTER.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        response.set("EndpointType", BROKERS);
        response.set("ClusterId", cache.clusterId());
        if (context.apiVersion() >= 1 && request.getByte("EndpointType") != BROKERS) {
            response.set("ErrorCode", Errors.INVALID_REQUEST.code());
            response.set("ErrorMessage", "This broker only describes broker endpoints (EndpointType 1).");
            return CompletableFuture.completedFuture(response);
        }
        response.set("ErrorCode", Errors.NONE.code());
        response.set("ControllerId", cache.controllerId());
        for (BrokerInfo broker : cache.aliveBrokers()) {
            Optional<EndPoint> endpoint = broker.endpoint(context.listenerName());
            if (endpoint.isPresent()) {
                Struct b = response.add("Brokers");
                b.set("BrokerId", broker.id());
                b.set("Host", endpoint.get().host());
                b.set("Port", endpoint.get().port());
                b.set("Rack", broker.rack());
            }
        }
        if (request.getBool("IncludeClusterAuthorizedOperations")) {
            response.set("ClusterAuthorizedOperations", 0);
        }
        return CompletableFuture.completedFuture(response);
    }
}
