package io.fablestream.platform.memory.qdrant;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.CollectionConfig;
import io.qdrant.client.grpc.Collections.CollectionExists;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.CollectionExistsResponse;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.GetCollectionInfoResponse;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.FieldType;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.PointsGrpc;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Qdrant's gRPC services, in process, on the client's own service stubs: it records every request
 * and its headers, keeps collections and points, and answers as Qdrant 1.18 does, errors included
 * (NOT_FOUND for a missing collection, ALREADY_EXISTS for a second create, INVALID_ARGUMENT for a
 * vector of the wrong dimension). It covers the calls the Fablestream store makes; a request it
 * cannot evaluate is answered UNIMPLEMENTED so a test fails instead of passing on a guess.
 */
final class InProcessQdrant implements AutoCloseable {
  static final String VERSION = "1.18.0";
  static final Metadata.Key<String> API_KEY =
      Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER);

  private final String name = "qdrant-" + UUID.randomUUID();
  private final List<Message> requests = new CopyOnWriteArrayList<>();
  private final List<Metadata> headers = new CopyOnWriteArrayList<>();
  private final Map<String, StoredCollection> collections = new LinkedHashMap<>();
  private final AtomicLong operations = new AtomicLong();
  private volatile Status failure;
  private volatile boolean silent;
  private volatile String requiredKey;
  private final Server server;

  InProcessQdrant() throws IOException {
    ServerInterceptor recordHeaders =
        new ServerInterceptor() {
          @Override
          public <Q, A> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, A> call, Metadata metadata, ServerCallHandler<Q, A> next) {
            headers.add(metadata);
            if (silent) {
              // Like a Qdrant that took the connection and never answers: the caller's deadline
              // ends the call.
              return new ServerCall.Listener<>() {};
            }
            Status down = failure;
            String key = metadata.get(API_KEY);
            if (down == null && requiredKey != null) {
              if (key == null) {
                down =
                    Status.UNAUTHENTICATED.withDescription(
                        "Must provide an API key or an Authorization bearer token");
              } else if (!key.equals(requiredKey)) {
                down = Status.UNAUTHENTICATED.withDescription("Invalid API key or JWT");
              }
            }
            if (down != null) {
              call.close(down, new Metadata());
              return new ServerCall.Listener<>() {};
            }
            return next.startCall(call, metadata);
          }
        };
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(ServerInterceptors.intercept(new Health(), recordHeaders))
            .addService(ServerInterceptors.intercept(new CollectionService(), recordHeaders))
            .addService(ServerInterceptors.intercept(new PointService(), recordHeaders))
            .build()
            .start();
  }

  /** A new channel to this server. */
  ManagedChannel channel() {
    return InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  /** From now on every call is answered with this status, as Qdrant does while it cannot serve. */
  void failEveryCall(Status status) {
    failure = status;
  }

  /** From now on calls without this key in their {@code api-key} header are refused. */
  void requireApiKey(String key) {
    requiredKey = key;
  }

  /** From now on no call is answered. */
  void answerNothing() {
    silent = true;
  }

  /** Every request received, in order. */
  List<Message> requests() {
    return List.copyOf(requests);
  }

  /** The requests of one type, in order. */
  <T extends Message> List<T> requests(Class<T> type) {
    return requests.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The headers of every call, in order. */
  List<Metadata> headers() {
    return List.copyOf(headers);
  }

  /** The points a collection holds now, by id. */
  synchronized Map<String, PointStruct> points(String collection) {
    return Map.copyOf(collections.get(collection).points);
  }

  /** Starts with a collection made by someone else, for example by an older embedder. */
  synchronized void givenCollection(String collection, int dimension) {
    collections.put(
        collection,
        new StoredCollection(
            CreateCollection.newBuilder()
                .setCollectionName(collection)
                .setVectorsConfig(
                    VectorsConfig.newBuilder()
                        .setParams(
                            VectorParams.newBuilder()
                                .setSize(dimension)
                                .setDistance(Distance.Cosine)))
                .build()));
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private static final class StoredCollection {
    final CreateCollection definition;
    final Map<String, FieldType> indexes = new LinkedHashMap<>();
    final Map<String, PointStruct> points = new LinkedHashMap<>();

    StoredCollection(CreateCollection definition) {
      this.definition = definition;
    }

    long dimension() {
      return definition.getVectorsConfig().getParams().getSize();
    }
  }

  private synchronized StoredCollection collection(String name) {
    StoredCollection c = collections.get(name);
    if (c == null) {
      throw Status.NOT_FOUND
          .withDescription("Not found: Collection `" + name + "` doesn't exist!")
          .asRuntimeException();
    }
    return c;
  }

  private <A> void answer(Message request, StreamObserver<A> out, Supplier<A> a) {
    requests.add(request);
    try {
      A answer;
      synchronized (this) {
        answer = a.get();
      }
      out.onNext(answer);
      out.onCompleted();
    } catch (StatusRuntimeException e) {
      out.onError(e);
    }
  }

  /**
   * Answers a points operation: the collection it names is changed as Qdrant changes it, then the
   * operation is reported done, completed when the request waited for it. Every points operation of
   * Qdrant's proto names its collection and whether to wait in the same two fields.
   */
  private void change(
      Message request,
      StreamObserver<PointsOperationResponse> out,
      Consumer<StoredCollection> change) {
    Descriptor type = request.getDescriptorForType();
    String collection = (String) request.getField(type.findFieldByName("collection_name"));
    boolean wait = (Boolean) request.getField(type.findFieldByName("wait"));
    answer(
        request,
        out,
        () -> {
          change.accept(collection(collection));
          return done(wait);
        });
  }

  private PointsOperationResponse done(boolean wait) {
    return PointsOperationResponse.newBuilder()
        .setResult(
            UpdateResult.newBuilder()
                .setOperationId(operations.incrementAndGet())
                .setStatus(wait ? UpdateStatus.Completed : UpdateStatus.Acknowledged))
        .setTime(0.001)
        .build();
  }

  private final class Health extends QdrantGrpc.QdrantImplBase {
    @Override
    public void healthCheck(HealthCheckRequest request, StreamObserver<HealthCheckReply> out) {
      answer(
          request,
          out,
          () ->
              HealthCheckReply.newBuilder()
                  .setTitle("qdrant - vector search engine")
                  .setVersion(VERSION)
                  .build());
    }
  }

  private final class CollectionService extends CollectionsGrpc.CollectionsImplBase {
    @Override
    public void collectionExists(
        CollectionExistsRequest request, StreamObserver<CollectionExistsResponse> out) {
      answer(
          request,
          out,
          () ->
              CollectionExistsResponse.newBuilder()
                  .setResult(
                      CollectionExists.newBuilder()
                          .setExists(collections.containsKey(request.getCollectionName())))
                  .setTime(0.0001)
                  .build());
    }

    @Override
    public void create(CreateCollection request, StreamObserver<CollectionOperationResponse> out) {
      answer(
          request,
          out,
          () -> {
            String name = request.getCollectionName();
            if (collections.containsKey(name)) {
              throw Status.ALREADY_EXISTS
                  .withDescription("Wrong input: Collection `" + name + "` already exists!")
                  .asRuntimeException();
            }
            collections.put(name, new StoredCollection(request));
            return CollectionOperationResponse.newBuilder().setResult(true).setTime(0.01).build();
          });
    }

    @Override
    public void get(
        GetCollectionInfoRequest request, StreamObserver<GetCollectionInfoResponse> out) {
      answer(
          request,
          out,
          () -> {
            StoredCollection c = collection(request.getCollectionName());
            CollectionInfo.Builder info =
                CollectionInfo.newBuilder()
                    .setStatus(CollectionStatus.Green)
                    .setSegmentsCount(1)
                    .setPointsCount(c.points.size())
                    .setConfig(
                        CollectionConfig.newBuilder()
                            .setParams(
                                CollectionParams.newBuilder()
                                    .setShardNumber(1)
                                    .setReplicationFactor(1)
                                    .setVectorsConfig(c.definition.getVectorsConfig())));
            c.indexes.forEach(
                (field, type) ->
                    info.putPayloadSchema(
                        field,
                        PayloadSchemaInfo.newBuilder()
                            .setDataType(
                                type == FieldType.FieldTypeInteger
                                    ? PayloadSchemaType.Integer
                                    : PayloadSchemaType.Keyword)
                            .setPoints(c.points.size())
                            .build()));
            return GetCollectionInfoResponse.newBuilder().setResult(info).setTime(0.0001).build();
          });
    }
  }

  /** Refuses a vector of another dimension than the collection's, in Qdrant's words. */
  private static void requireDimension(StoredCollection c, int got) {
    if (got != c.dimension()) {
      throw Status.INVALID_ARGUMENT
          .withDescription(
              "Wrong input: Vector dimension error: expected dim: "
                  + c.dimension()
                  + ", got "
                  + got)
          .asRuntimeException();
    }
  }

  /** What this stand-in answers for a request it does not serve. */
  private static RuntimeException unimplemented(String serves) {
    return Status.UNIMPLEMENTED
        .withDescription("this in-process Qdrant " + serves)
        .asRuntimeException();
  }

  private final class PointService extends PointsGrpc.PointsImplBase {
    @Override
    public void createFieldIndex(
        CreateFieldIndexCollection request, StreamObserver<PointsOperationResponse> out) {
      change(request, out, c -> c.indexes.put(request.getFieldName(), request.getFieldType()));
    }

    @Override
    public void upsert(UpsertPoints request, StreamObserver<PointsOperationResponse> out) {
      change(
          request,
          out,
          c -> {
            for (PointStruct point : request.getPointsList()) {
              requireDimension(c, point.getVectors().getVector().getDense().getDataCount());
            }
            for (PointStruct point : request.getPointsList()) {
              c.points.put(point.getId().getUuid(), point);
            }
          });
    }

    @Override
    public void delete(DeletePoints request, StreamObserver<PointsOperationResponse> out) {
      change(
          request,
          out,
          c -> {
            if (!request.getPoints().hasFilter()) {
              throw unimplemented("deletes by filter only");
            }
            c.points
                .values()
                .removeIf(
                    p -> QdrantFilters.matches(request.getPoints().getFilter(), p.getPayloadMap()));
          });
    }

    @Override
    public void query(QueryPoints request, StreamObserver<QueryResponse> out) {
      answer(
          request,
          out,
          () -> {
            StoredCollection c = collection(request.getCollectionName());
            if (!request.getQuery().getNearest().hasDense()) {
              throw unimplemented("answers dense nearest queries only");
            }
            List<Float> query = request.getQuery().getNearest().getDense().getDataList();
            requireDimension(c, query.size());
            List<ScoredPoint> hits = new ArrayList<>();
            for (PointStruct p : c.points.values()) {
              if (!request.hasFilter()
                  || QdrantFilters.matches(request.getFilter(), p.getPayloadMap())) {
                ScoredPoint.Builder hit =
                    ScoredPoint.newBuilder()
                        .setId(p.getId())
                        .setScore(
                            cosine(query, p.getVectors().getVector().getDense().getDataList()))
                        .setVersion(operations.get());
                if (request.getWithPayload().getEnable()) {
                  hit.putAllPayload(p.getPayloadMap());
                }
                hits.add(hit.build());
              }
            }
            hits.sort(Comparator.comparingDouble(ScoredPoint::getScore).reversed());
            long limit = request.hasLimit() ? request.getLimit() : 10;
            return QueryResponse.newBuilder()
                .addAllResult(hits.subList(0, (int) Math.min(limit, hits.size())))
                .setTime(0.001)
                .build();
          });
    }
  }

  /** Qdrant's Cosine: both vectors normalised, then their dot product. */
  private static float cosine(List<Float> a, List<Float> b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.size(); i++) {
      dot += a.get(i) * b.get(i);
      na += a.get(i) * a.get(i);
      nb += b.get(i) * b.get(i);
    }
    return na == 0 || nb == 0 ? 0f : (float) (dot / Math.sqrt(na * nb));
  }
}
