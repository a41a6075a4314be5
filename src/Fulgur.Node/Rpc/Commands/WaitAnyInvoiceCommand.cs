using System.Text.Json.Nodes;
using Fulgur.Node.Invoices;

namespace Fulgur.Node.Rpc.Commands;

/// <summary><c>waitanyinvoice [lastpay_index] [timeout]</c>: the next invoice paid after <c>lastpay_index</c>.</summary>
internal sealed class WaitAnyInvoiceCommand(InvoiceService invoices) : RpcCommand("waitanyinvoice", "payment",
    "Wait for the next invoice to be paid, after a given pay_index.",
    RpcParam.Optional("lastpay_index", RpcParamType.U64, "answer with the first invoice paid with a pay_index above this", 0UL),
    RpcParam.Optional("timeout", RpcParamType.U32, "seconds to wait before error 904"))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        TimeSpan? timeout = arguments.TryGet<uint>("timeout", out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
        var invoice = await invoices.WaitAnyAsync(arguments.Get<ulong>("lastpay_index"), timeout, cancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(InvoiceErrorCodes.WaitAnyTimeout, "Timed out");
        return InvoiceJson.ToJson(invoice, invoices.Now);
    }
}
