"""Who may delete and copy: the rights a non-technical team expects, on Wagtail's extension
points.

Wagtail's defaults let whoever may edit also delete: a page editor may delete any page not yet
published (other people's drafts included), and a document or image editor may delete any of
them, even one a published page still links to. Here deleting is for those who answer for it:

- pages: deleting needs the right to publish the page (Publication; Coordination PPLI in its
  section). Wagtail lets a page model choose its permission tester (`Page.permissions_for_user`
  is meant to be overridden); the site's pages use `EditorialPagePermissionTester`.
- documents and images: deleting needs Wagtail's own "delete" collection permission (Wagtail
  counts "change" as enough), and a file still used somewhere (Wagtail's reference index) may be
  deleted by an administrator only. `EditorialMediaPolicy` is registered for both models through
  `wagtail.permissions.register_permission_policy`.
"""

from django.db.models import Q
from wagtail.models import PagePermissionTester, ReferenceIndex
from wagtail.permission_policies.collections import (
    CollectionOwnershipPermissionPolicy,
    CollectionPermissionPolicy,
)

DELETE = "delete"


class EditorialPagePermissionTester(PagePermissionTester):
    """Wagtail's tester, deleting reserved to those who may publish the page."""

    def can_delete(self, ignore_bulk=False):
        # can_publish() is False for Rédaction: without this, its "change" right would let it
        # delete any unpublished page, other editors' drafts included.
        return super().can_delete(ignore_bulk) and (self.user.is_superuser or self.can_publish())


class SectionPagePermissionTester(EditorialPagePermissionTester):
    """For a section its owners answer for (the PPLI): copying it is theirs too."""

    def can_copy(self):
        # Copying the plan makes a second plan readers could take for the real one.
        return super().can_copy() and (self.user.is_superuser or self.can_publish())


def is_in_use(instance):
    """Whether Wagtail's reference index records a use of `instance` (one query)."""
    return ReferenceIndex.get_references_to(instance).exists()


class EditorialMediaPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's policy for documents and images, with deleting as a right of its own.

    Wagtail's ownership policy treats "delete" as "change" (and lets an uploader delete their
    own files). Here "delete" is answered by Wagtail's plain collection policy, which asks for
    the "delete" collection permission itself (only Publication holds it), and a file still
    used somewhere is deleted by an administrator only. Every other action is Wagtail's.
    """

    def __init__(self, model, auth_model=None, owner_field_name="owner"):
        super().__init__(model, auth_model=auth_model, owner_field_name=owner_field_name)
        self.deleting = CollectionPermissionPolicy(model, auth_model=auth_model)

    def user_has_permission(self, user, action):
        if action == DELETE:
            return self.deleting.user_has_permission(user, DELETE)
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        others = without_delete(actions)
        if others and super().user_has_any_permission_for_instance(user, others, instance):
            return True
        return DELETE in actions and self.user_can_delete(user, instance)

    def user_can_delete(self, user, instance):
        """The "delete" collection permission, and no use left unless an administrator."""
        if not self.deleting.user_has_permission_for_instance(user, DELETE, instance):
            return False
        return user.is_superuser or not is_in_use(instance)

    # The queryset answers: Wagtail's for the other actions, or-ed with the plain policy's for
    # "delete". `ask(policy, actions)` asks one policy.

    def users_with_any_permission(self, actions):
        return self._combine(actions, lambda policy, acts: policy.users_with_any_permission(acts))

    def users_with_any_permission_for_instance(self, actions, instance):
        return self._combine(
            actions,
            lambda policy, acts: policy.users_with_any_permission_for_instance(acts, instance),
        )

    def instances_user_has_any_permission_for(self, user, actions):
        return self._combine(
            actions, lambda policy, acts: policy.instances_user_has_any_permission_for(user, acts)
        )

    def collections_user_has_any_permission_for(self, user, actions):
        return self._combine(
            actions,
            lambda policy, acts: policy.collections_user_has_any_permission_for(user, acts),
        )

    def _combine(self, actions, ask):
        """Querysets of one model, combined by primary key so that distinct and plain ones mix
        and callers may combine the result again."""
        others = without_delete(actions)
        if DELETE not in actions:
            return ask(super(), others)
        deletable = ask(self.deleting, [DELETE])
        if not others:
            return deletable
        return deletable.model._default_manager.filter(
            Q(pk__in=ask(super(), others).values("pk")) | Q(pk__in=deletable.values("pk"))
        )


def without_delete(actions):
    return [action for action in actions if action != DELETE]
