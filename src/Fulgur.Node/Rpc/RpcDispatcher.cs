using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Node.Logging;

namespace Fulgur.Node.Rpc;

/// <summary>
/// Checks one JSON-RPC 2.0 request, binds its parameters to the command's declaration, runs the command and
/// writes the response object. Transport-free: the Unix-socket server and in-process tests both call it.
/// </summary>
public sealed class RpcDispatcher(RpcCommandRegistry registry, Logger log)
{
    // Relaxed escaping: messages keep their quotes readable ('x', not \u0027x\u0027); the socket carries UTF-8 JSON only.
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The response to <paramref name="request"/>, serialized (without the trailing blank line).</summary>
    public async Task<byte[]> DispatchAsync(JsonElement request, CancellationToken cancellationToken)
    {
        if (request.ValueKind != JsonValueKind.Object)
            return Error(null, new RpcError(RpcErrorCodes.InvalidRequest, "Invalid request: expected a JSON object"));

        JsonElement? id = request.TryGetProperty("id", out var idElement) ? idElement : null;
        if (id is not { } idValue || idValue.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            return Error(null, new RpcError(RpcErrorCodes.InvalidRequest, "Invalid request: 'id' must be a string or a number"));
        if (request.TryGetProperty("jsonrpc", out var version) && !(version.ValueKind == JsonValueKind.String && version.ValueEquals("2.0")))
            return Error(id, new RpcError(RpcErrorCodes.InvalidRequest, "Invalid request: 'jsonrpc' must be \"2.0\""));
        if (!request.TryGetProperty("method", out var methodElement) || methodElement.ValueKind != JsonValueKind.String)
            return Error(id, new RpcError(RpcErrorCodes.InvalidRequest, "Invalid request: 'method' must be a string"));

        var method = methodElement.GetString()!;
        if (!registry.TryGet(method, out var command))
            return Error(id, new RpcError(RpcErrorCodes.MethodNotFound, $"Unknown command '{method}'"));

        JsonElement? parameters = request.TryGetProperty("params", out var p) ? p : null;
        if (!RpcArguments.TryBind(command.Parameters, parameters, out var arguments, out var bindError))
        {
            log.Debug($"{method}: {bindError.Message}");
            return Error(id, bindError);
        }

        log.Debug($"calling {method}");
        try
        {
            var result = await command.ExecuteAsync(arguments, cancellationToken).ConfigureAwait(false);
            return Result(id, result);
        }
        catch (RpcException e)
        {
            return Error(id, e.Error);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Error(id, new RpcError(RpcErrorCodes.Generic, "fulgurd is shutting down"));
        }
#pragma warning disable CA1031 // A failing command must answer its caller, never take the connection or daemon down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.Broken($"{method} failed: {e}");
            return Error(id, new RpcError(RpcErrorCodes.Generic, $"{method} failed: {e.Message}"));
        }
    }

    /// <summary>The -32700 answer to bytes that are not JSON; the id is unknown, so it is null.</summary>
    public static byte[] ParseError(string detail) => Error(null, new RpcError(RpcErrorCodes.ParseError, "Parse error: " + detail));

    private static byte[] Result(JsonElement? id, JsonObject result) => Write(id, w =>
    {
        w.WritePropertyName("result");
        result.WriteTo(w);
    });

    public static byte[] Error(JsonElement? id, RpcError error) => Write(id, w =>
    {
        w.WriteStartObject("error");
        w.WriteNumber("code", error.Code);
        w.WriteString("message", error.Message);
        if (error.Data is not null)
        {
            w.WritePropertyName("data");
            error.Data.WriteTo(w);
        }
        w.WriteEndObject();
    });

    private static byte[] Write(JsonElement? id, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("jsonrpc", "2.0");
            w.WritePropertyName("id");
            if (id is { } value)
                value.WriteTo(w);
            else
                w.WriteNullValue();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
