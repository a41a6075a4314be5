using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Node.Chain;
using Fulgur.Node.Wallet;

namespace Fulgur.Node.Rpc.Commands;

/// <summary>
/// <c>withdraw destination satoshi [feerate]</c>: sends on-chain funds to an address of our network, or sweeps every
/// confirmed output with <c>all</c>; answers <c>tx</c> and <c>txid</c> (interfaces.md §6). Not enough funds: 301.
/// </summary>
internal sealed class WithdrawCommand(OnchainWallet wallet, IFeeEstimator fees) : RpcCommand("withdraw", "bitcoin",
    "Send on-chain funds to an address.",
    RpcParam.Required("destination", RpcParamType.Text, "the address to pay"),
    RpcParam.Required("satoshi", RpcParamType.SatoshiOrAll, "the amount, or all"),
    RpcParam.Optional("feerate", RpcParamType.Json, "urgent, normal, slow, or a number with perkb, perkw or satvb"))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var destination = arguments.Get<string>("destination");
        if (!Address.TryParse(destination, wallet.Network, out var script, out var addressError))
            throw new RpcException(RpcError.InvalidParams($"destination: Could not parse destination address '{destination}': {addressError}"));
        var amount = arguments.Get<SatoshiOrAll>("satoshi");
        var feeRateSpec = new FeeRateSpec(FeeTarget.Normal, default);
        if (arguments.TryGet<JsonElement>("feerate", out var feerate) && !FeeRateSpec.TryParse(feerate, out feeRateSpec, out var feeError))
            throw new RpcException(RpcError.InvalidParams($"feerate: {feeError}"));
        var rate = await feeRateSpec.ResolveAsync(fees, cancellationToken).ConfigureAwait(false);
        var spend = amount.IsAll ? SpendAmount.All : SpendAmount.Exactly(amount.Amount);
        try
        {
            var result = await wallet.WithdrawAsync(script, spend, rate, cancellationToken).ConfigureAwait(false);
            return new JsonObject { ["tx"] = result.Transaction.ToHex(), ["txid"] = result.TxId.ToString() };
        }
        catch (WalletException e)
        {
            throw new RpcException(e.Code, e.Message);
        }
    }
}
