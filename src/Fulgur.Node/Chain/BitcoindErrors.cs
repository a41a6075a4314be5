namespace Fulgur.Node.Chain;

/// <summary>bitcoind answered with a JSON-RPC error object; <see cref="Code"/> is bitcoind's (e.g. -25, -26, -5).</summary>
public sealed class BitcoindRpcException : Exception
{
    public BitcoindRpcException(int code, string message) : base($"bitcoind error {code}: {message}")
    {
        Code = code;
        RpcMessage = message;
    }

    public BitcoindRpcException() : this(0, "error") { }

    public BitcoindRpcException(string message) : this(0, message) { }

    public BitcoindRpcException(string message, Exception innerException) : base(message, innerException) => RpcMessage = message;

    public int Code { get; }

    public string RpcMessage { get; } = "";
}

/// <summary>The backend could not be used at all: connection refused, timeout, bad credentials, or a malformed answer.</summary>
public sealed class BitcoindUnavailableException : Exception
{
    public BitcoindUnavailableException() : base("bitcoind unavailable") { }

    public BitcoindUnavailableException(string message) : base(message) { }

    public BitcoindUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>bitcoind's RPC error codes we react to (bitcoind src/rpc/protocol.h).</summary>
public static class BitcoindErrorCodes
{
    /// <summary>RPC_INVALID_ADDRESS_OR_KEY: unknown block or transaction.</summary>
    public const int InvalidAddressOrKey = -5;
    /// <summary>RPC_INVALID_PARAMETER: e.g. getblockhash height out of range.</summary>
    public const int InvalidParameter = -8;
    /// <summary>RPC_VERIFY_ERROR: missing inputs, among others.</summary>
    public const int VerifyError = -25;
    /// <summary>RPC_VERIFY_REJECTED: refused by mempool policy.</summary>
    public const int VerifyRejected = -26;
    /// <summary>RPC_VERIFY_ALREADY_IN_CHAIN.</summary>
    public const int VerifyAlreadyInChain = -27;
    /// <summary>RPC_IN_WARMUP.</summary>
    public const int InWarmup = -28;
}
