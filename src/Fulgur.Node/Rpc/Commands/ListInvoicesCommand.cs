using System.Text.Json.Nodes;
using Fulgur.Node.Invoices;
using Fulgur.Protocol.Invoices;

namespace Fulgur.Node.Rpc.Commands;

/// <summary><c>listinvoices [label] [invstring] [payment_hash]</c>: invoices, all or those matching every filter given.</summary>
internal sealed class ListInvoicesCommand(InvoiceService invoices) : RpcCommand("listinvoices", "payment",
    "Show invoices, optionally only the one with a label, bolt11 string or payment hash.",
    RpcParam.Optional("label", RpcParamType.Text, "the invoice's label"),
    RpcParam.Optional("invstring", RpcParamType.Text, "the invoice's bolt11 string", null, "bolt11"),
    RpcParam.Optional("payment_hash", RpcParamType.Hash32, "the invoice's payment hash"))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        string? paymentHash = arguments.TryGet<Hash32>("payment_hash", out var h) ? h.ToString() : null;
        string? bolt11 = null;
        if (arguments.TryGet<string>("invstring", out var text))
        {
            if (!Bolt11Invoice.TryDecode(text, out _, out var error))
                throw new RpcException(RpcError.InvalidParams($"invstring: not a valid bolt11 invoice: {error.Detail}"));
            bolt11 = text;
        }
        var label = arguments.TryGet<string>("label", out var l) ? l : null;
        var now = invoices.Now;
        var list = new JsonArray();
        foreach (var invoice in await invoices.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (label is not null && invoice.Label != label)
                continue;
            if (bolt11 is not null && !string.Equals(invoice.Bolt11, bolt11, StringComparison.OrdinalIgnoreCase))
                continue;
            if (paymentHash is not null && invoice.PaymentHash.ToString() != paymentHash)
                continue;
            list.Add(InvoiceJson.ToJson(invoice, now));
        }
        return new JsonObject { ["invoices"] = list };
    }
}
