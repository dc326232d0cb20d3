package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import dev.berth.server.ExitCode;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Service;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * deploy/kubernetes/ is what the Kubernetes 1.36 API accepts, with no cluster at hand: each
 * object is checked by the models of the official Java client (io.kubernetes:client-java-api
 * 27.0.0, generated from the OpenAPI spec of Kubernetes' release-1.36), whose
 * {@code validateJsonElement} rejects a field the API does not define, a missing required field
 * and a wrong JSON type, all the way down. That is a strict parse against the typed models, not a
 * JSON Schema validation: enum values and formats are not checked. Then berth's own contract: the
 * args parse as berth command lines, the drain fits the grace period, the exit-code rules name
 * the codes of {@link ExitCode}, and every container runs locked down as the image's user.
 */
class DeployManifestsTest {

  private static final Path MANIFESTS = Path.of("..", "deploy", "kubernetes");
  private static final Path CONTAINERFILE = Path.of("..", "deploy", "Containerfile");

  private static final Map<String, Class<?>> MODELS = Map.of(
      "apps/v1 Deployment", V1Deployment.class,
      "v1 Service", V1Service.class,
      "batch/v1 Job", V1Job.class,
      "v1 Pod", V1Pod.class);

  private static List<Map<String, Object>> objects() throws IOException {
    List<Map<String, Object>> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(MANIFESTS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
          @SuppressWarnings("unchecked")
          Map<String, Object> object = (Map<String, Object>) document;
          all.add(object);
        }
      }
    }
    return all;
  }

  private static void validate(Map<String, Object> object) throws Exception {
    String type = object.get("apiVersion") + " " + object.get("kind");
    Class<?> model = MODELS.get(type);
    assertThat(model).as("a model to check %s against", type).isNotNull();
    JsonElement json = new Gson().toJsonTree(object);
    try {
      model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void everyObjectIsValidForTheKubernetes136Api() throws Exception {
    List<Map<String, Object>> objects = objects();
    assertThat(objects).extracting(o -> o.get("kind")).contains("Deployment", "Service", "Job", "Pod");
    for (Map<String, Object> object : objects) {
      validate(object);
    }
  }

  @Test
  void theCheckRejectsAFieldTheApiDoesNotDefine() throws Exception {
    Map<String, Object> deployment = objects().stream().filter(o -> o.get("kind").equals("Deployment")).findFirst().orElseThrow();
    Map<String, Object> container = containers(deployment).get(0);
    container.put("readinessProbes", container.remove("readinessProbe"));
    assertThatThrownBy(() -> validate(deployment)).hasMessageContaining("readinessProbes");
  }

  @Test
  void everyContainerRunsBerthLockedDownAsTheImagesUser() throws Exception {
    Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(Files.readString(CONTAINERFILE));
    assertThat(user.find()).as("deploy/Containerfile has a numeric USER").isTrue();
    for (Map<String, Object> object : objects()) {
      if (object.get("kind").equals("Service")) {
        continue;
      }
      Map<String, Object> pod = podSpec(object);
      Map<String, Object> podSecurity = map(pod, "securityContext");
      assertThat(podSecurity).containsEntry("runAsNonRoot", true)
          .containsEntry("runAsUser", Integer.parseInt(user.group(1)))
          .containsEntry("runAsGroup", Integer.parseInt(user.group(2)));
      for (Map<String, Object> container : allContainers(pod)) {
        assertThat(container.get("image")).isEqualTo("localhost/berth:latest");
        Map<String, Object> security = map(container, "securityContext");
        assertThat(security).containsEntry("allowPrivilegeEscalation", false).containsEntry("readOnlyRootFilesystem", true);
        assertThat(map(security, "capabilities")).containsEntry("drop", List.of("ALL"));
        parse(strings(container.get("args")));
      }
    }
  }

  @Test
  void theDeploymentDrainsWithinItsGracePeriodAndProbesHealth() throws Exception {
    Map<String, Object> deployment = objects().stream().filter(o -> o.get("kind").equals("Deployment")).findFirst().orElseThrow();
    Map<String, Object> pod = podSpec(deployment);
    Map<String, Object> berth = containers(deployment).get(0);
    ServeCommand serve = (ServeCommand) parse(strings(berth.get("args"))).subcommand().commandSpec().userObject();
    int preStop = (Integer) map(map(map(berth, "lifecycle"), "preStop"), "sleep").get("seconds");
    Duration needed = Duration.ofSeconds(preStop).plus(serve.shutdownTimeout);
    Duration grace = Duration.ofSeconds((Integer) pod.get("terminationGracePeriodSeconds"));
    assertThat(needed.plusSeconds(3)).as("preStop + --shutdown-timeout + a few seconds fit in terminationGracePeriodSeconds")
        .isLessThanOrEqualTo(grace);
    for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
      assertThat(map(map(berth, probe), "httpGet")).containsEntry("path", "/health");
    }
    List<Map<String, Object>> init = list(pod, "initContainers");
    assertThat(strings(init.get(0).get("args"))).startsWith("check")
        .containsSubsequence("--bind", bindOf(strings(berth.get("args"))));
  }

  @Test
  void theExitCodeRulesFollowTheContract() throws Exception {
    Set<Integer> permanent = new TreeSet<>();
    for (ExitCode code : ExitCode.values()) {
      if (code != ExitCode.OK && code != ExitCode.TEMPFAIL && code != ExitCode.OSERR) {
        permanent.add(code.code());
      }
    }
    assertThat(permanent).containsExactly(64, 70, 77, 78);
    Map<String, Object> job = objects().stream().filter(o -> o.get("kind").equals("Job")).findFirst().orElseThrow();
    List<Map<String, Object>> rules = list(map(map(job, "spec"), "podFailurePolicy"), "rules");
    assertThat(codes(rules, "FailJob", "onExitCodes")).isEqualTo(permanent);
    assertThat(codes(rules, "Count", "onExitCodes")).containsExactly(ExitCode.TEMPFAIL.code());

    Map<String, Object> pod = objects().stream().filter(o -> o.get("kind").equals("Pod")).findFirst().orElseThrow();
    Map<String, Object> berth = containers(pod).get(0);
    assertThat(berth).containsEntry("restartPolicy", "Never");
    assertThat(codes(list(berth, "restartPolicyRules"), "Restart", "exitCodes")).containsExactly(ExitCode.TEMPFAIL.code());
  }

  private static Set<Integer> codes(List<Map<String, Object>> rules, String action, String field) {
    Set<Integer> codes = new TreeSet<>();
    for (Map<String, Object> rule : rules) {
      if (rule.get("action").equals(action) && rule.containsKey(field)) {
        assertThat(map(rule, field)).containsEntry("operator", "In");
        for (Object value : (List<?>) map(rule, field).get("values")) {
          codes.add((Integer) value);
        }
      }
    }
    return codes;
  }

  private static String bindOf(List<String> args) {
    return args.get(args.indexOf("--bind") + 1);
  }

  /** The args as berth itself parses them: an unknown option or a bad value fails here. */
  private static CommandLine.ParseResult parse(List<String> args) {
    StringWriter sink = new StringWriter();
    return new BerthCommand().commandLine(new PrintWriter(sink), new PrintWriter(sink)).parseArgs(args.toArray(String[]::new));
  }

  private static Map<String, Object> podSpec(Map<String, Object> object) {
    return switch ((String) object.get("kind")) {
      case "Pod" -> map(object, "spec");
      default -> map(map(map(object, "spec"), "template"), "spec");
    };
  }

  private static List<Map<String, Object>> containers(Map<String, Object> object) {
    return list(podSpec(object), "containers");
  }

  private static List<Map<String, Object>> allContainers(Map<String, Object> pod) {
    List<Map<String, Object>> all = new ArrayList<>(list(pod, "containers"));
    if (pod.containsKey("initContainers")) {
      all.addAll(list(pod, "initContainers"));
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    assertThat(parent).containsKey(key);
    return (Map<String, Object>) parent.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
    assertThat(parent).containsKey(key);
    return (List<Map<String, Object>>) parent.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    return (List<String>) value;
  }
}
