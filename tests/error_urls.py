"""The portal's URLs plus views that fail on purpose, for the error page tests."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import include, path

REFUSAL = "Chỉ Vụ Thi đua, Khen thưởng và Tuyên truyền được duyệt đăng ký này."


def crash(request):
    raise RuntimeError("a bug in a view")


def refuse(request):
    raise PermissionDenied(REFUSAL)


def refuse_without_reason(request):
    raise PermissionDenied


def bad_request(request):
    raise BadRequest("a malformed request")


urlpatterns = [
    path("thu-loi/hong/", crash),
    path("thu-loi/tu-choi/", refuse),
    path("thu-loi/tu-choi-khong-ly-do/", refuse_without_reason),
    path("thu-loi/yeu-cau-sai/", bad_request),
    path("", include("emulation_portal.urls")),
]
