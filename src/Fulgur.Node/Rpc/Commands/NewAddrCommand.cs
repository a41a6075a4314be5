using System.Text.Json.Nodes;
using Fulgur.Node.Wallet;

namespace Fulgur.Node.Rpc.Commands;

/// <summary><c>newaddr [addresstype]</c>: a fresh P2WPKH address of the on-chain wallet (interfaces.md §6: <c>bech32</c>).</summary>
internal sealed class NewAddrCommand(OnchainWallet wallet) : RpcCommand("newaddr", "bitcoin",
    "Get a new bech32 address to fund the on-chain wallet.",
    RpcParam.Optional("addresstype", RpcParamType.Text, "bech32 (the default and only type) or all", "bech32"))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var type = arguments.Get<string>("addresstype");
        if (type is not ("bech32" or "all"))
            throw new RpcException(RpcError.InvalidParams($"addresstype: '{type}' is not supported, only bech32"));
        var address = await wallet.NewAddressAsync(cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["bech32"] = address };
    }
}
