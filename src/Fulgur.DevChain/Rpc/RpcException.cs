namespace Fulgur.DevChain.Rpc;

/// <summary>bitcoind's RPCErrorCode values the devchain returns (rpc/protocol.h).</summary>
internal static class RpcErrorCode
{
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int ParseError = -32700;
    public const int MiscError = -1;
    public const int TypeError = -3;
    public const int InvalidAddressOrKey = -5;
    public const int InvalidParameter = -8;
    public const int DeserializationError = -22;
    public const int VerifyError = -25;
    public const int VerifyRejected = -26;
    public const int VerifyAlreadyInChain = -27;
    public const int WalletInsufficientFunds = -6;
    public const int WalletError = -4;
}

/// <summary>An RPC call failed with bitcoind's error code and message; the server turns it into the error object.</summary>
internal sealed class RpcException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
