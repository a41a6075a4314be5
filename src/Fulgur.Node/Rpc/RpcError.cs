using System.Text.Json.Nodes;

namespace Fulgur.Node.Rpc;

/// <summary>JSON-RPC error codes used by every command (interfaces.md §4; Core Lightning's numbers).</summary>
public static class RpcErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    /// <summary>Anything else not listed (Core Lightning's LIGHTNINGD).</summary>
    public const int Generic = -1;
}

/// <summary>A JSON-RPC error object: <c>{"code": N, "message": "…", "data": {…}}</c>.</summary>
public sealed record RpcError(int Code, string Message, JsonNode? Data = null)
{
    public static RpcError InvalidParams(string message) => new(RpcErrorCodes.InvalidParams, message);
}

/// <summary>Thrown by a command to answer with an error; anything else a command throws becomes code -1.</summary>
public sealed class RpcException : Exception
{
    public RpcException(RpcError error) : base(error?.Message) => Error = error!;

    public RpcException(int code, string message, JsonNode? data = null) : this(new RpcError(code, message, data)) { }

    public RpcException() : this(RpcErrorCodes.Generic, "error") { }

    public RpcException(string message) : this(RpcErrorCodes.Generic, message) { }

    public RpcException(string message, Exception innerException) : base(message, innerException) =>
        Error = new RpcError(RpcErrorCodes.Generic, message);

    public RpcError Error { get; }
}
